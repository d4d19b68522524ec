/**
 * The package as a project installs it: plain Node (no bundler, no TypeScript) imports it
 * by its name from a scratch project's node_modules and talks to a live product server.
 *
 *     npm install --offline PATH/typescript/rpc     # in the scratch project
 *     node installed.mjs http://127.0.0.1:PORT TAG
 *
 * Signs up, reads `init`, logs out and in again, and gets a typed error for a wrong
 * password. Prints one JSON line per step and exits non-zero at the first failure. Run by
 * tools/rpc_codegen/dist_test.py.
 */

import { isoDate } from "@blossom/rpc/client";
import { createClient } from "@blossom/rpc/product";

const [baseUrl, tag] = process.argv.slice(2);
if (baseUrl === undefined || tag === undefined) throw new Error("usage: node installed.mjs BASE_URL TAG");

const email = `installed-${tag}@example.com`;
const password = "correct horse battery staple 42";

let cookie = "";
/** Node's fetch keeps no cookies: keep the session cookie (the first pair of Set-Cookie). */
async function fetchWithCookie(input, init) {
  const headers = new Headers(init?.headers);
  if (cookie) headers.set("Cookie", cookie);
  const response = await fetch(input, { ...init, headers });
  for (const line of response.headers.getSetCookie()) cookie = line.split(";")[0];
  return response;
}

function check(condition, message, detail) {
  if (!condition) throw new Error(`${message}: ${JSON.stringify(detail)}`);
}

const product = createClient({ baseUrl, fetch: fetchWithCookie });

const signup = await product.call("signup", {
  name: "Ina Installed",
  email,
  password,
  organization_name: `Installed ${isoDate(new Date())}`,
});
check(signup.ok && signup.data.user?.email === email, "signup signs the new user in", signup);
console.log(JSON.stringify({ step: "signup" }));

const init = await product.call("init");
check(init.ok && init.data.user?.email === email, "init sees the session", init);
console.log(JSON.stringify({ step: "init" }));

const logout = await product.call("logout");
check(logout.ok && logout.data === null, "logout", logout);
console.log(JSON.stringify({ step: "logout" }));

const login = await product.call("login", { email, password });
check(login.ok && login.data.user.email === email, "login signs in again", login);
console.log(JSON.stringify({ step: "login" }));

const wrong = await product.call("login", { email, password: "not the password" });
check(!wrong.ok && wrong.error === "InvalidCredentialsError", "a wrong password is a typed error", wrong);
console.log(JSON.stringify({ step: "wrong password", error: wrong.error }));

console.log(JSON.stringify({ done: true }));
