// Misuses of the generated client that must not compile, next to correct uses that must.
// Each statement after a `// expect-error TSnnnn: why` line must fail with that error, and
// nothing else may: tools/rpc_codegen/tsc_test.py compares tsc's errors with the markers.
// A marker `// expect-error TSnnnn "text": why` also needs "text" (quotes included) in
// the error's message.

import { paginate, type ISODateTime } from "../src/client.js";
import { createClient as createPanopticonClient } from "../src/panopticon.js";
import { createClient } from "../src/product.js";

const product = createClient({ baseUrl: "http://127.0.0.1:40811" });
const panopticon = createPanopticonClient({ baseUrl: "http://127.0.0.1:40812" });

export async function misuse(): Promise<void> {
  // expect-error TS2345 "user_remove": an RPC that does not exist, named by the error
  await product.call("user_remove", null);

  // expect-error TS2345 "orgnization_members_list": a misspelt RPC without input, named
  await product.call("orgnization_members_list");

  // expect-error TS2345 "logni": a misspelt RPC with input, named by the error
  await product.call("logni", { email: "a@example.com", password: "secret" });

  // expect-error TS2561: a misspelt input field
  await product.call("login", { email: "a@example.com", pasword: "secret" });

  // expect-error TS2322: an input field of the wrong type
  await product.call("login", { email: "a@example.com", password: 42 });

  // expect-error TS2554: an RPC with input called without it
  await product.call("signup");

  // expect-error TS2345: an RPC without input given some
  await product.call("init", { user_id: "usr_1" });

  // expect-error TS2322: a value outside an enum
  await product.call("invite_create", { email: "b@example.com", role: "superuser" });

  const login = await product.call("login", { email: "a@example.com", password: "secret" });

  // expect-error TS2339: the output read without checking `ok`
  console.log(login.data.user);

  if (!login.ok) {
    // expect-error TS2339: an error's data read without checking which error it is
    console.log(login.data.retry_after_seconds);

    // expect-error TS2367: an error this RPC cannot answer
    if (login.error === "EmailAlreadyExistsError") return;

    if (login.error === "TooManyAttemptsError") console.log(login.data.retry_after_seconds);
    if (login.error === "InputValidationError") console.log(login.data.fields["email"]);
    if (login.error === "NetworkError") console.log(login.data.message);
    return;
  }
  // A sign-in answers `SignedIn`: its user is there, no null check needed.
  console.log(login.data.user.email, login.data.organization?.name, login.requestId);

  const init = await product.call("init");
  if (init.ok) {
    // expect-error TS18047: `init` may answer signed out: its user may be null
    console.log(init.data.user.email);

    if (init.data.user !== null) console.log(init.data.user.email);
  }

  const admin = await panopticon.call("login", { email: "a@example.com", password: "secret" });
  if (admin.ok) console.log(admin.data.admin.email);
  const consoleInit = await panopticon.call("init");
  if (consoleInit.ok) {
    // expect-error TS18047: panopticon's `init` may answer signed out too
    console.log(consoleInit.data.admin.role);
  }

  const members = await product.call("organization_members_list");
  if (members.ok) {
    // expect-error TS2532: a list element may be missing (noUncheckedIndexedAccess)
    console.log(members.data.items[0].email);

    // expect-error TS2322: a date-time is a branded string, not a Date
    const joined: Date = members.data.items[0]?.joined_at ?? new Date();

    // expect-error TS2322: a plain string is not an ISODateTime
    const when: ISODateTime = "2030-01-01T00:00:00Z";

    console.log(joined, when, members.data.items.map((member) => Date.parse(member.joined_at)));
    // expect-error TS2339: a page is not an array: its rows are `items`
    console.log(members.data.length);
  }

  // paginate: every item of a paginated RPC, typed as that RPC's item.
  for await (const member of paginate(product, "organization_members_list", { limit: 200 })) {
    const email: string = member.email;
    // expect-error TS2339: the item is a MemberOut, which has no `key`
    console.log(email, member.key);
  }
  for await (const delivery of paginate(product, "webhook_deliveries_list", { endpoint_id: "whe_1" })) {
    console.log(delivery.status);
  }
  for await (const session of paginate(product, "sessions_list")) console.log(session.current);
  // The admin console's lists page the same way.
  for await (const entry of paginate(panopticon, "audit_log_list", { action: "user.disable" })) {
    console.log(entry.reason);
  }
  for await (const email of paginate(panopticon, "emails_list")) console.log(email.status);
  for await (const found of paginate(panopticon, "organizations_search", { query: "acme" })) {
    console.log(found.members_count);
  }

  // expect-error TS2345 "permissions_list": a list that is not paginated
  paginate(product, "permissions_list");

  // expect-error TS2345 "login": an RPC that is no list at all
  paginate(product, "login", { email: "a@example.com", password: "secret" });

  // expect-error TS2353: the cursor is paginate's to pass, not the caller's
  paginate(product, "organization_members_list", { cursor: "abc" });

  // expect-error TS2554: a paginated RPC's required filter cannot be left out
  paginate(product, "webhook_deliveries_list");

  const exported = await product.call("organization_audit_log_export", { format: "csv" });
  if (exported.ok) {
    // expect-error TS2339: a streamed RPC answers an RPCStream to read, not parsed JSON
    console.log(exported.data.events);
    const stream: ReadableStream<Uint8Array> = exported.data.body;
    console.log(stream, await exported.data.text());
  }

  const logout = await product.call("logout");
  // expect-error TS18047: an RPC without output has null data
  if (logout.ok) console.log(logout.data.ok);
}
