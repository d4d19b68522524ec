/**
 * End to end: the generated product client against a live product server.
 *
 *     node <outDir>/e2e/product.e2e.js http://127.0.0.1:PORT TAG OIDC_ACCOUNT REDIRECT_URI
 *
 * Two people, each with a cookie jar of their own: Alice signs up, creates an
 * organization and invites Bob; Bob accepts (a new account); Alice lists the members, one
 * page and then with `paginate` one member per page (a bad cursor is a typed error); a
 * script calls an RPC with Alice's API key (and is refused outside its scopes, also
 * through `paginate`, which throws a `PageError`); a
 * wrong password is a typed error; Alice logs out; Bob resets his password and signs in
 * with an emailed code; Carol signs up through the OpenID Provider the test runs (as
 * OIDC_ACCOUNT; the provider sends her back to REDIRECT_URI). Then the client's own errors: a
 * refused connection, a non-JSON answer, an unknown status. Prints one JSON line per step
 * and exits non-zero at the first failure. Run by tools/rpc_codegen/e2e_test.py.
 */

import { PageError, paginate } from "../src/client.js";
import { createClient, type ProductClient } from "../src/product.js";

function usage(): never {
  throw new Error("usage: node product.e2e.js BASE_URL TAG OIDC_ACCOUNT REDIRECT_URI");
}

const baseUrl: string = process.argv[2] ?? usage();
const tag: string = process.argv[3] ?? `${Date.now()}`;
const oidcAccount: string = process.argv[4] ?? usage();
const redirectUri: string = process.argv[5] ?? usage();

const PASSWORD = "correct horse battery staple 42";
const alice = { name: "Alice E2E", email: `alice-${tag}@example.com` };
const bob = { name: "Bob E2E", email: `bob-${tag}@example.com` };

/** A tiny cookie jar: node's fetch keeps no cookies (and this one ignores `Secure`). */
class CookieJar {
  readonly cookies = new Map<string, string>();

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (this.cookies.size > 0) {
      headers.set("Cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await globalThis.fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  };

  private store(line: string): void {
    const [pair = "", ...attributes] = line.split(";");
    const equals = pair.indexOf("=");
    if (equals < 1) return;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = "", setting = ""] = attribute.split("=");
      const lower = key.trim().toLowerCase();
      return (
        (lower === "max-age" && Number(setting) <= 0) ||
        (lower === "expires" && Date.parse(setting) <= Date.now())
      );
    });
    if (expired || value === "" || value === '""') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

let steps = 0;

function check(condition: boolean, message: string, detail?: unknown): asserts condition {
  if (!condition) {
    throw new Error(`${message}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
  }
}

function passed(step: string, detail: Record<string, unknown> = {}): void {
  steps += 1;
  console.log(JSON.stringify({ step, ...detail }));
}

/** Narrows a result to its success branch, failing the run (with the error) otherwise. */
function ok<Result extends { ok: boolean }>(
  step: string,
  result: Result,
): asserts result is Extract<Result, { ok: true }> {
  check(result.ok, `${step} failed`, result);
}

function client(jar: CookieJar): ProductClient {
  return createClient({ baseUrl, fetch: jar.fetch });
}

/** The code in the newest email delivered to `to`, from the product's `/dev/emails` (the
 * development mailbox every process of the checkout delivers to: a sender delivers within
 * moments; `/dev/emails` exists outside production). */
async function codeFor(to: string, subject: string, previous = 0): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${baseUrl}/dev/emails?to=${encodeURIComponent(to)}`);
    const body = (await response.json()) as { emails: { subject: string; text: string }[] };
    const matching = body.emails.filter((e) => e.subject === subject);
    const newest = matching.length > previous ? matching[matching.length - 1] : undefined;
    if (newest !== undefined) {
      // The code stands on a line of its own (and after `#code=` in a link).
      const found = /^([A-Za-z0-9_-]{20,})$|#code=([A-Za-z0-9_-]{20,})/m.exec(newest.text);
      const code = found?.[1] ?? found?.[2];
      if (code === undefined) throw new Error(`the email "${subject}" carries no code`);
      return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email "${subject}" reached ${to}`);
}

/** The six-digit code in the newest email `subject` to `to` (`login_code_request`). */
async function sixDigits(to: string, subject: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${baseUrl}/dev/emails?to=${encodeURIComponent(to)}`);
    const body = (await response.json()) as { emails: { subject: string; text: string }[] };
    const newest = body.emails.filter((e) => e.subject === subject).at(-1);
    const code = newest === undefined ? undefined : /sign-in code: (\d{6})/.exec(newest.text)?.[1];
    if (code !== undefined) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email "${subject}" with a code reached ${to}`);
}

async function main(): Promise<void> {
  const aliceJar = new CookieJar();
  const bobJar = new CookieJar();
  const asAlice = client(aliceJar);
  const asBob = client(bobJar);

  const signup = await asAlice.call("signup", { ...alice, password: PASSWORD, organization_name: "Alice's first" });
  ok("signup", signup);
  check(signup.data.user?.email === alice.email, "signup returns the new user", signup.data);
  check(signup.data.organization?.role === "owner", "signup makes the user owner", signup.data);
  check(aliceJar.cookies.has("blossom_session"), "signup sets the session cookie");
  check(/^[0-9a-f]{32}$/.test(signup.requestId ?? ""), "the request id is exposed", signup.requestId);
  passed("signup", { user_id: signup.data.user?.id });

  const verifyCode = await codeFor(alice.email, "Verify your email address");
  const verified = await asAlice.call("email_verify", { code: verifyCode });
  ok("email_verify", verified);
  passed("email_verify");

  const init = await asAlice.call("init");
  ok("init", init);
  check(init.data.user?.email_verified === true, "init shows the verified address", init.data);
  check(init.data.user?.id === signup.data.user?.id, "init sees the signed-in user", init.data);
  passed("init");

  const organization = await asAlice.call("organization_create", { name: "Acme E2E" });
  ok("organization_create", organization);
  check(organization.data.role === "owner" && organization.data.name === "Acme E2E", "organization_create", organization.data);
  passed("organization_create", { organization_id: organization.data.id });

  const invite = await asAlice.call("invite_create", { email: bob.email, role: "member" });
  ok("invite_create", invite);
  check(Date.parse(invite.data.expires_at) > Date.now(), "the invite expires in the future", invite.data);
  check(invite.data.code.length > 0, "invite_create returns the code");
  passed("invite_create", { invite_id: invite.data.invite_id });

  const accepted = await asBob.call("invite_accept", { code: invite.data.code, name: bob.name, password: PASSWORD });
  ok("invite_accept", accepted);
  check(accepted.data.user.email === bob.email, "invite_accept signs the new user in", accepted.data);
  check(accepted.data.organization?.id === organization.data.id, "invite_accept selects the organization", accepted.data);
  check(accepted.data.organization?.role === "member", "invite_accept gives the invited role", accepted.data);
  check(bobJar.cookies.has("blossom_session"), "invite_accept sets Bob's session cookie");
  check(bobJar.cookies.get("blossom_session") !== aliceJar.cookies.get("blossom_session"), "two sessions");
  passed("invite_accept");

  const members = await asAlice.call("organization_members_list");
  ok("organization_members_list", members);
  const roles = Object.fromEntries(members.data.items.map((member) => [member.email, member.role]));
  check(members.data.items.length === 2 && members.data.next_cursor === null, "two members, one page", members.data);
  check(roles[alice.email] === "owner" && roles[bob.email] === "member", "members and roles", roles);
  check(members.data.items.every((member) => !Number.isNaN(Date.parse(member.joined_at))), "joined_at is ISO", members.data);
  passed("organization_members_list", { members: members.data.items.length });

  // paginate: one member per page, so two pages and a cursor between them.
  const firstPage = await asAlice.call("organization_members_list", { limit: 1 });
  ok("organization_members_list, one per page", firstPage);
  check(firstPage.data.items.length === 1 && firstPage.data.next_cursor !== null, "a next page", firstPage.data);
  const walked: string[] = [];
  for await (const member of paginate(asAlice, "organization_members_list", { limit: 1 })) walked.push(member.email);
  check(walked.length === 2 && walked[0] === alice.email && walked[1] === bob.email, "paginate walks every member once, in joining order", walked);
  const badCursor = await asAlice.call("organization_members_list", { cursor: "not-a-cursor" });
  check(!badCursor.ok && badCursor.error === "InvalidCursorError", "a bad cursor is a typed error", badCursor);
  passed("paginate", { members: walked.length });

  // A server-side script with an API key: no cookies, only the RPCs whose permission is in its scopes.
  const created = await asAlice.call("api_key_create", { name: "CI", scopes: ["members:read"] });
  ok("api_key_create", created);
  const script = createClient({ baseUrl, apiKey: created.data.key });
  const keyMembers = await script.call("organization_members_list");
  ok("organization_members_list with an API key", keyMembers);
  check(keyMembers.data.items.length === 2, "the key sees the organization's members", keyMembers.data);
  const outOfScope = await script.call("vault_secrets_list");
  check(!outOfScope.ok && outOfScope.error === "ApiKeyScopeError", "a key calls only its scopes", outOfScope);
  let pageError: unknown = null;
  try {
    for await (const secret of paginate(script, "vault_secrets_list")) console.log(secret.name);
  } catch (error) {
    pageError = error;
  }
  check(pageError instanceof PageError && pageError.failure.error === "ApiKeyScopeError", "paginate throws the typed failure", String(pageError));
  const keyless = await script.call("api_keys_list");
  check(!keyless.ok && keyless.error === "ApiKeyNotAllowedError", "key management refuses keys", keyless);
  passed("api key", { prefix: created.data.api_key.prefix });

  // A streamed download: the audit log as JSON lines, read chunk by chunk as it arrives.
  const exported = await asAlice.call("organization_audit_log_export", { format: "jsonl" });
  ok("organization_audit_log_export", exported);
  check(exported.data.contentType === "application/x-ndjson", "a JSON-lines stream", exported.data.contentType);
  check(exported.data.filename === null || exported.data.filename.endsWith(".jsonl"), "a .jsonl file", exported.data.filename);
  let exportedText = "";
  for await (const text of exported.data.chunks()) exportedText += text;
  const events = exportedText
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { subject_type: string; actor: { id: string | null } });
  check(events.some((event) => event.subject_type === "api_key"), "the export has the key's creation", events);
  check(events.some((event) => event.subject_type === "membership"), "and Bob's membership", events);
  passed("organization_audit_log_export", { events: events.length });

  const bobInit = await asBob.call("init");
  ok("init as Bob", bobInit);
  check(bobInit.data.organization?.id === organization.data.id, "Bob's session is in the organization", bobInit.data);
  passed("init as Bob");

  const wrong = await client(new CookieJar()).call(
    "login",
    { email: alice.email, password: "not the password" },
    { requestId: `e2e-wrong-password-${tag}` },
  );
  check(!wrong.ok, "login with a wrong password fails", wrong);
  check(wrong.error === "InvalidCredentialsError", "a declared error comes back typed", wrong);
  check(wrong.status === 400, "with its status", wrong);
  check(wrong.requestId === `e2e-wrong-password-${tag}`, "the request id is echoed", wrong);
  passed("login with a wrong password", { error: wrong.error });

  const logout = await asAlice.call("logout");
  ok("logout", logout);
  check(logout.data === null, "logout has no output", logout);
  check(!aliceJar.cookies.has("blossom_session"), "logout clears the cookie");
  const afterLogout = await asAlice.call("init");
  ok("init after logout", afterLogout);
  check(afterLogout.data.user === null, "signed out after logout", afterLogout.data);
  const stillBob = await asBob.call("sessions_list");
  ok("sessions_list as Bob", stillBob);
  passed("logout");

  const resetJar = new CookieJar();
  const asReset = client(resetJar);
  const requested = await asReset.call("password_reset_request", { email: bob.email });
  ok("password_reset_request", requested);
  const resetCode = await codeFor(bob.email, "Reset your password");
  const reset = await asReset.call("password_reset_complete", {
    code: resetCode,
    new_password: "a brand new password for bob",
  });
  ok("password_reset_complete", reset);
  check(reset.data.user.email === bob.email, "the reset signs bob in", reset.data);
  check(resetJar.cookies.has("blossom_session"), "the reset sets a session cookie");
  const oldBob = await asBob.call("sessions_list");
  check(!oldBob.ok && oldBob.status === 401, "the reset ended bob's other sessions", oldBob);
  const reused = await asReset.call("password_reset_complete", {
    code: resetCode,
    new_password: "yet another password for bob",
  });
  check(!reused.ok && reused.error === "ResetCodeInvalidError", "a reset code works once", reused);
  passed("password_reset");

  const sessions = await asReset.call("sessions_list");
  ok("sessions_list after the reset", sessions);
  const [current] = sessions.data.items;
  check(sessions.data.items.length === 1 && current !== undefined && current.current, "one session", sessions.data);
  check(current.sign_in_method === "password_reset", "signed in by the reset", current);
  const revokedOthers = await asReset.call("sessions_revoke_others");
  ok("sessions_revoke_others", revokedOthers);
  check(revokedOthers.data.revoked === 0, "no other session to end", revokedOthers.data);
  passed("sessions", { device: `${current.browser} on ${current.os}` });

  const codeJar = new CookieJar();
  const byCode = client(codeJar);
  ok("login_code_request", await byCode.call("login_code_request", { email: bob.email }));
  const signInCode = await sixDigits(bob.email, "Your sign-in code");
  const viaCode = await byCode.call("login_code_verify", { email: bob.email, code: signInCode });
  ok("login_code_verify", viaCode);
  check(viaCode.data.user.email === bob.email, "the code signs bob in", viaCode.data);
  check(codeJar.cookies.has("blossom_session"), "the code sets a session cookie");
  passed("login_code");

  // Carol signs up through the OpenID Provider: a browser of her own at the provider.
  const carolJar = new CookieJar();
  const asCarol = client(carolJar);
  const providers = await asCarol.call("oauth_providers");
  ok("oauth_providers", providers);
  check(providers.data.some((p) => p.id === "test"), "the provider is listed", providers.data);
  const started = await asCarol.call("oauth_start", { provider: "test", redirect_to: "/welcome" });
  ok("oauth_start", started);
  const atProvider = new CookieJar();
  let location = started.data.authorization_url;
  for (let hop = 0; hop < 10 && !location.startsWith(redirectUri); hop++) {
    if (new URL(location).pathname.startsWith("/interaction/")) {
      location += `?account=${encodeURIComponent(oidcAccount)}`;
    }
    const response = await atProvider.fetch(location, { redirect: "manual" });
    const next = response.headers.get("location");
    check(next !== null, "the provider redirects", { status: response.status, location });
    location = new URL(next, location).toString();
  }
  const back = new URL(location).searchParams;
  const completed = await asCarol.call("oauth_complete", {
    state: back.get("state") ?? "",
    code: back.get("code") ?? "",
  });
  ok("oauth_complete", completed);
  check(completed.data.signed_in.user.email === `carol-${tag}@example.com`, "Carol is signed up", completed.data);
  check(completed.data.signed_in.user.email_verified, "with the provider's verified address", completed.data);
  check(completed.data.redirect_to === "/welcome", "oauth_complete gives redirect_to back", completed.data);
  check(carolJar.cookies.has("blossom_session"), "oauth_complete sets a session cookie");
  const identities = await asCarol.call("identities_list");
  ok("identities_list", identities);
  check(identities.data.items.length === 1 && identities.data.items[0]?.provider === "test", "one identity", identities.data);
  passed("oauth sign-in");

  const refused = await createClient({ baseUrl: "http://127.0.0.1:1" }).call("init");
  check(!refused.ok && refused.error === "NetworkError", "a refused connection is a NetworkError", refused);
  check(refused.status === null && refused.requestId === null, "with no status", refused);
  passed("network error");

  const html = createClient({
    baseUrl,
    fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }),
  });
  const nonJson = await html.call("init");
  check(!nonJson.ok && nonJson.error === "NonJSONResponseError", "HTML is a NonJSONResponseError", nonJson);
  check(nonJson.data.status === 502, "with the status", nonJson);
  passed("non-JSON answer");

  const teapot = createClient({
    baseUrl,
    fetch: async () => Response.json({ error: "Teapot", data: {} }, { status: 418 }),
  });
  const unexpected = await teapot.call("init");
  check(!unexpected.ok && unexpected.error === "UnexpectedResponseError", "an unknown status", unexpected);
  passed("unexpected answer");

  console.log(JSON.stringify({ done: true, steps }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
