"""`@route`: turn `async def handler(req: Req[In]) -> Out` into a `Route`.

    @route("invoice_fetch", method="GET", errors=(InvoiceMissingError,), authorization="customer")
    async def invoice_fetch(req: Req[InvoiceFetchIn]) -> InvoiceOut:
        '''One invoice of the current organization.'''

`In` and `Out` come from the annotations; they may be dataclasses, pydantic models,
`None`, or anything pydantic's `TypeAdapter` handles (lists, `Literal` aliases,
`dict[str, T]`). `access` is set by an app's framework (`foundation.session_app`): who
may call the route and whether the framework opens its transaction; the around hook,
the OpenAPI document and the TypeScript codegen read it. Every mistake in a definition
raises `RouteDefinitionError` at import time, never at request time.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter
from pydantic.errors import PydanticUserError

from foundation.rpc.errors import RouteDefinitionError, RPCError
from foundation.rpc.http import JSON_MEDIA_TYPE, Stream
from foundation.rpc.req import Req
from foundation.rpc.spec import Access, AnyRoute, Handler, MethodEnum, Route

__all__ = [
    "Access",
    "AnyRoute",
    "Declare",
    "Handler",
    "MethodEnum",
    "OutT",
    "ReqT",
    "Route",
    "route",
]

ReqT = TypeVar("ReqT", bound=Req[Any])
OutT = TypeVar("OutT")
Declare = Callable[[Callable[[ReqT], Awaitable[OutT]]], "Route[ReqT, OutT]"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_METHODS: tuple[MethodEnum, ...] = ("GET", "POST")
_NONE_TYPE = type(None)
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")


def route(
    name: str,
    *,
    errors: tuple[type[RPCError], ...] | list[type[RPCError]] = (),
    method: MethodEnum = "POST",
    timeout: float | None = None,
    access: Access | None = None,
    streams: tuple[str, ...] = (),
) -> Declare[ReqT, OutT]:
    """Declare an RPC named `name`; see the module docstring. `streams`: the media types
    of a streamed answer (the handler returns a `Stream`: `foundation/rpc/streams.py`)."""
    given = cast(object, name)  # checked as any value: callers may be untyped
    if not isinstance(given, str) or not _NAME.match(given):
        raise RouteDefinitionError(
            "route names are lowercase snake_case ([a-z][a-z0-9_]*)", name=name
        )
    if method not in _METHODS:
        raise RouteDefinitionError("route method must be GET or POST", route=name, method=method)
    if timeout is not None and not timeout > 0:
        raise RouteDefinitionError("route timeout must be positive", route=name, timeout=timeout)
    for error in errors:
        if not is_error_class(error) or error is RPCError:
            raise RouteDefinitionError(
                "declared errors must be RPCError subclasses", route=name, error=error
            )
        if not dataclasses.is_dataclass(error):
            raise RouteDefinitionError(
                "declared errors must be dataclasses", route=name, error=error.__name__
            )

    for media_type in streams:
        if not _MEDIA_TYPE.match(media_type) or media_type == JSON_MEDIA_TYPE:
            raise RouteDefinitionError(
                "a streamed route's media types are type/subtype, not JSON",
                route=name,
                media_type=media_type,
            )

    def decorate(handler: Callable[[ReqT], Awaitable[OutT]]) -> Route[ReqT, OutT]:
        req_annotation, output_type = _signature_types(name, handler)
        input_type = _input_type(name, req_annotation)
        if (output_type is Stream) != bool(streams):
            raise RouteDefinitionError(
                "a streamed route declares its media types (streams=...) and returns a "
                "Stream; only it does",
                route=name,
            )
        return Route(
            name=name,
            method=method,
            handler=handler,
            req_type=typing.get_origin(req_annotation) or req_annotation,
            input_type=input_type,
            output_type=output_type,
            errors=tuple(errors),
            timeout=timeout,
            access=access,
            docstring=inspect.getdoc(handler),
            streams=tuple(streams),
            input_adapter=_adapter(name, "input", input_type),
            # A stream's body is text as far as schemas and examples go.
            output_adapter=_adapter(name, "output", str if streams else output_type),
        )

    return decorate


def is_error_class(value: object) -> bool:
    """Whether `value` is an `RPCError` subclass (checked as any value: callers may be
    untyped)."""
    return isinstance(value, type) and issubclass(value, RPCError)


def _signature_types(name: str, handler: Handler) -> tuple[Any, Any]:
    """(the `req` annotation, Out) read from `async def handler(req: Req[In]) -> Out`."""
    if not inspect.iscoroutinefunction(handler):
        raise RouteDefinitionError("route handlers must be async functions", route=name)
    parameters = list(inspect.signature(handler).parameters.values())
    if len(parameters) != 1 or parameters[0].kind not in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        raise RouteDefinitionError(
            "route handlers take exactly one parameter: req: Req[In]", route=name
        )
    try:
        hints = typing.get_type_hints(handler, include_extras=True)
    except Exception as e:
        raise RouteDefinitionError(
            "route handler annotations cannot be resolved (define the types at module level)",
            route=name,
            detail=str(e),
        ) from None
    parameter = parameters[0].name
    if parameter not in hints:
        raise RouteDefinitionError(
            "annotate the handler parameter as req: Req[In]", route=name, parameter=parameter
        )
    if "return" not in hints:
        raise RouteDefinitionError(
            "annotate the handler return type (-> None when there is no output)", route=name
        )
    output_type = hints["return"]
    return hints[parameter], _NONE_TYPE if output_type is None else output_type


def _input_type(name: str, annotation: Any) -> Any:
    """`In` from `Req[In]` or from a parametrised `Req` subclass such as `ProductReq[In]`."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(origin, type) and issubclass(origin, Req) and len(args) == 1:
        return _NONE_TYPE if args[0] is None else args[0]
    if isinstance(annotation, type) and issubclass(annotation, Req):
        bases: tuple[Any, ...] = getattr(cast(Any, annotation), "__orig_bases__", ())
        for base in bases:
            base_origin = typing.get_origin(base)
            base_args = typing.get_args(base)
            if (
                isinstance(base_origin, type)
                and issubclass(base_origin, Req)
                and base_args
                and not isinstance(base_args[0], typing.TypeVar)
            ):
                return _input_type(name, base)
        raise RouteDefinitionError(
            "annotate the handler parameter with its input type: req: Req[In]", route=name
        )
    raise RouteDefinitionError(
        "the handler parameter must be annotated Req[In]", route=name, annotation=annotation
    )


def _adapter(name: str, role: str, type_: Any) -> TypeAdapter[Any]:
    try:
        return TypeAdapter(type_)
    except PydanticUserError as e:
        raise RouteDefinitionError(
            f"route {role} type is not supported by pydantic", route=name, type=type_, detail=str(e)
        ) from None
