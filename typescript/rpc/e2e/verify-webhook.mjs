// Verifies a webhook Blossom delivered with the `standardwebhooks` npm package, as a
// receiver would (tools/rpc_codegen/webhooks_node_test.py runs it). Argument: a JSON file
// {secret, body, headers}; prints {type, data, tampered} ("refused" when a changed body
// fails verification, as it must).
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const { secret, body, headers } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const webhook = new Webhook(secret);
const event = webhook.verify(body, headers);
let tampered = "accepted";
try {
  webhook.verify(body.replace(event.type, `${event.type}x`), headers);
} catch {
  tampered = "refused";
}
console.log(JSON.stringify({ type: event.type, data: event.data, tampered }));
