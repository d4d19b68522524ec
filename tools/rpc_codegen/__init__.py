"""RPC codegen: the typed TypeScript clients in `typescript/rpc/src/`, from the routers.

`generate.py` writes `product.ts` and `panopticon.ts` (`blossom codegen rpc`, `just
codegen-rpc`); `typemap.py` maps Python types to TypeScript; `render.py` assembles a
module; `dist.py` compiles `src/` with tsc into the committed `typescript/rpc/dist/`
that the package exports (run by `blossom codegen rpc` after `generate.py`); `node.py`
runs npm and tsc (for `dist.py` and the tests). The package's runtime
(`typescript/rpc/src/client.ts`) is hand-written. The OpenAPI documents the apps serve
come from `foundation/webserver/openapi.py`; the tests here prove both against the live
servers (a Node end-to-end script against product; schemathesis against product, and
against panopticon as a superadmin: `fuzzing.py` is their shared part).
"""
