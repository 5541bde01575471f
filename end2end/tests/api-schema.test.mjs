// Schema fuzzing: schemathesis (installed by scripts/setup.sh) generates requests from the
// served /api/v1/openapi.json and sends them, with the demo merchant's API key, to the real
// server on SQLite, with every check on. It fails on any 5xx, any status or body the document
// does not declare, any schema-valid request refused and any schema-invalid one accepted,
// and any answer that ignores authentication: the document says exactly what the server does.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { root, startServer } from "../support/harness.mjs";

const schemathesis = join(root, "target", "tools", "bin", "schemathesis");
// Fixed, so that a failure is reproduced by the command the test prints.
const SEED = "2026";
const EXAMPLES_PER_OPERATION = "25";

describe("the API against its own OpenAPI document", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  // Two runs: every operation but the ones that revoke or rotate a key, with the key the
  // tests hold (revoked mid-run, it would leave the rest testing only the 401); then those
  // operations, with a key of their own to revoke.
  test("schemathesis finds no failure of any kind, every check on", { timeout: 900_000 }, async () => {
    assert.ok(existsSync(schemathesis), "schemathesis is missing: run scripts/setup.sh test");
    const main = await fuzz(server.apiKey, ["--exclude-path-regex", "^/api-keys/"]);
    const created = await fetch(`${server.url}/api/v1/api-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    assert.equal(created.status, 201);
    const { key } = await created.json();
    const keys = await fuzz(key, ["--include-path-regex", "^/api-keys/"]);
    console.log(`schemathesis ran ${main + keys} test cases (${main} + ${keys} on key revocation), seed ${SEED}`);
    assert.ok(main >= 1000, `too few cases to mean anything: ${main}`);
  });

  async function fuzz(apiKey, selection) {
    const args = [
      "run",
      `${server.url}/api/v1/openapi.json`,
      "--header", `Authorization: Bearer ${apiKey}`,
      "--checks", "all",
      "--max-examples", EXAMPLES_PER_OPERATION,
      "--seed", SEED,
      "--generation-database", "none",
      "--workers", "1",
      "--no-color",
      ...selection,
    ];
    // The hooks generate what the document can only say in words (see the file).
    const env = { ...process.env, PYTHONPATH: join(root, "end2end", "support"), SCHEMATHESIS_HOOKS: "schemathesis_hooks" };
    const child = spawn(schemathesis, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const [code] = await once(child, "exit");
    assert.equal(code, 0, `schemathesis reported failures (${selection.join(" ")}):\n${output}`);
    return Number(output.match(/(\d[\d,]*) generated/)?.[1].replace(/,/g, "") ?? 0);
  }
});
