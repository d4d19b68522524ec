// A real OpenID Provider for the tests (the certified npm package oidc-provider), started
// by foundation/testing/oidc.py on a free port:
//
//   node server.mjs '{"port": 4567, "clientId": "...", "clientSecret": "...", "redirectUri": "..."}'
//
// It signs ID tokens with one RSA key. What the tests steer, over HTTP on the same port:
//   POST /test/accounts {id, email, email_verified, name}   an account to sign in as
//   POST /test/jwks {"published": "signing" | "other"}      which key /jwks publishes:
//        "other" publishes only a key the provider does not sign with (its signing key
//        rotated out)
//   POST /test/ttl {"id_token_seconds": N}                 how long ID tokens last
//   GET  /interaction/<uid>?account=<id>                    the login page: signs in as
//        that account (the grant is given at once: no consent page); without `account`,
//        a page linking every account (for a real browser)
// Prints {"ready": true} once it listens.

import { createServer } from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const options = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${options.port}`;

const jwk = (kid) => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
};
const signing = jwk("signing-key");
const other = jwk("other-key");
const publicPart = ({ d, p, q, dp, dq, qi, ...rest }) => rest;
let published = "signing";
let idTokenSeconds = 3600;

const accounts = new Map();

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: options.clientId,
      client_secret: options.clientSecret,
      redirect_uris: [options.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  jwks: { keys: [signing] },
  ttl: { IdToken: () => idTokenSeconds },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: account.email_verified, name: account.name };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});

const body = (req) =>
  new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text ? JSON.parse(text) : {}));
  });

const json = (res, status, value) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(value));
};

const handle = provider.callback();

const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (req.method === "POST" && url.pathname === "/test/accounts") {
      const account = await body(req);
      accounts.set(account.id, account);
      return json(res, 200, { ok: true });
    }
    if (req.method === "POST" && url.pathname === "/test/jwks") {
      published = (await body(req)).published;
      return json(res, 200, { ok: true });
    }
    if (req.method === "POST" && url.pathname === "/test/ttl") {
      idTokenSeconds = (await body(req)).id_token_seconds;
      return json(res, 200, { ok: true });
    }
    if (req.method === "GET" && url.pathname === "/jwks") {
      const key = published === "signing" ? signing : other;
      return json(res, 200, { keys: [publicPart(key)] });
    }
    if (req.method === "GET" && url.pathname.startsWith("/interaction/")) {
      const accountId = url.searchParams.get("account");
      if (accountId === null) {
        // A browser's login page: one link per account.
        const links = [...accounts.keys()]
          .map((id) => `<li><a href="${url.pathname}?account=${encodeURIComponent(id)}">${id}</a></li>`)
          .join("");
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end(`<!doctype html><title>Sign in</title><h1>Sign in as</h1><ul>${links}</ul>`);
      }
      if (!accounts.has(accountId)) return json(res, 400, { error: "no such account" });
      return await provider.interactionFinished(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      );
    }
  } catch (error) {
    return json(res, 500, { error: String(error) });
  }
  return handle(req, res);
});

server.listen(options.port, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ ready: true, issuer })}\n`);
});
