// The client runtime against the framework's sample app (foundation/webserver/sample_app.py):
// GET input as query parameters, Decimal and date-time strings, list input, no output,
// declared, standard and unauthorised errors. Run by tools/rpc_codegen/sample_e2e_test.py
// next to client.ts and the generated sample.ts: `node sample.e2e.js BASE_URL`.

import { isoDateTime } from "./client.js";
import { createClient } from "./sample.js";

function check(condition: boolean, message: string, detail?: unknown): asserts condition {
  if (!condition) throw new Error(`${message}: ${JSON.stringify(detail)}`);
}

const baseUrl = process.argv[2] ?? "";
const sample = createClient({ baseUrl: `${baseUrl}/` });

async function main(): Promise<void> {
  const found = await sample.call("item_search", { query: "a b&c", limit: 3, active: true, tags: ["x", "y"] });
  check(found.ok, "item_search", found);
  check(found.data.query === "a b&c" && found.data.limit === 3 && found.data.active, "query parameters", found.data);
  check(found.data.tags.join() === "x,y", "repeated keys for lists", found.data);
  const defaults = await sample.call("item_search", { query: "q" });
  check(defaults.ok && defaults.data.limit === 10 && defaults.data.tags.length === 0, "defaults", defaults);

  const placed = isoDateTime(new Date("2030-01-31T12:00:00Z"));
  const order = await sample.call("order_echo", {
    placed_at: placed,
    price: "10.50",
    items: [{ name: "pen", quantity: 2 }, { name: "book", quantity: 1, kind: "book" }],
  });
  check(order.ok, "order_echo", order);
  check(order.data.total_quantity === 3 && order.data.price === "10.50", "decimal as string", order.data);
  check(Date.parse(order.data.placed_at) === Date.parse(placed), "date-time", order.data);
  check(order.data.items[0]?.kind === "book" && order.data.note === null, "defaults in output", order.data);

  const tally = await sample.call("tally", ["a", "b", "a"]);
  check(tally.ok && tally.data["a"] === 2, "list input, dict output", tally);

  const nothing = await sample.call("nothing");
  check(nothing.ok && nothing.data === null, "no output is null", nothing);

  const withdraw = await sample.call("withdraw", { amount: "5" });
  check(!withdraw.ok && withdraw.error === "InsufficientFundsError", "declared error", withdraw);
  check(withdraw.data.balance === "1.00" && withdraw.status === 400, "its data", withdraw);

  const invalid = await sample.call("withdraw", { amount: "lots" });
  check(!invalid.ok && invalid.error === "InputValidationError", "standard error", invalid);
  check(typeof invalid.data.fields["amount"] === "string", "per field", invalid.data);

  const anonymous = await sample.call("whoami");
  check(!anonymous.ok && anonymous.error === "UnauthorizedError" && anonymous.status === 401, "401", anonymous);

  const crash = await sample.call("crash");
  check(!crash.ok && crash.error === "UnknownError", "500", crash);
  check(crash.data.request_id === crash.requestId, "names the request", crash);

  console.log(JSON.stringify({ done: true }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
