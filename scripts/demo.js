#!/usr/bin/env node
// `npm run demo`: the whole product with no Kaleyra account.
//
// Starts the bundled Kaleyra emulator (demo account), then runs the repository's root
// Pulumi program (three flows' metadata, one whole flow from flows/welcome.json) against it
// with the real Pulumi CLI and a local file backend in .pulumi-local/ (ignored by git): `pulumi preview`, `pulumi up`, and a second preview that
// must show no changes. Prints what happened in a few lines; leaves no process running.
// Set DEMO_VERBOSE=1 to see the CLI's full output.
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const local = path.join(root, ".pulumi-local");
const verbose = process.env.DEMO_VERBOSE === "1";
const STACK = "demo";

// What the demo declares: two of the emulator's demo flows renamed, re-categorised and
// pointed at endpoints, as a team would in their stack config; the third, which is
// PUBLISHED (live), exactly as it is on Kaleyra, so it is adopted without being touched.
const FLOWS = [
  {
    key: "sign-up",
    flowId: "1234567890123451",
    name: "Sign up for offers",
    categories: ["SIGN_UP", "LEAD_GENERATION"],
    endpointUri: "https://flows.example.com/sign-up",
  },
  { key: "booking", flowId: "1234567890123452", name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"] },
  { key: "survey", flowId: "1234567890123453", name: "Customer satisfaction survey", categories: ["SURVEY"] },
];

// And one whole flow, kept as code: created in the demo WABA from flows/welcome.json, as a
// DRAFT (publishing is a deliberate `publish: true`, left out here).
const WHOLE_FLOW = {
  key: "welcome",
  name: "Welcome to Acme Rewards",
  categories: ["SIGN_UP"],
  file: "flows/welcome.json",
};

function say(line) {
  process.stdout.write(`${line}\n`);
}

function runPulumi(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--color", "never"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      if (verbose) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      output += d;
      if (verbose) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function main() {
  if (!fs.existsSync(path.join(root, "dist/emulator/index.js"))) {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  }
  // The CLI: the user's own, or the pinned build (about 4-8 minutes once per machine).
  const bin = execFileSync("bash", [path.join(root, "scripts/pulumi-cli/ensure.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();

  const { startEmulator, DEMO_SEED } = require(path.join(root, "dist/emulator"));
  const emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  const account = DEMO_SEED.accounts[0];
  say(`Kaleyra emulator listening on ${emulator.url} (demo account ${account.sid}, ${account.flows.length} flows)`);

  try {
    fs.mkdirSync(path.join(local, "state"), { recursive: true });
    const env = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("KALEYRA_") && !k.startsWith("PULUMI_")),
      ),
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(local, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(local, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "demo",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      KALEYRA_API_DOMAIN: emulator.url,
      KALEYRA_API_KEY: account.apiKey, // the emulator's public demo key, from the environment as CI would
    };

    // A fresh stack each run, since the emulator starts fresh too.
    await runPulumi(["stack", "rm", STACK, "--yes", "--force"], env);
    const init = await runPulumi(["stack", "init", STACK], env);
    if (init.code !== 0) throw new Error(`pulumi stack init failed:\n${init.output}`);
    writeStackConfig(account.sid, account.wabaId);

    const preview = await step("pulumi preview", ["preview", "--diff"], env);
    const creates = preview.match(/\+ pulumi-nodejs:dynamic\/kaleyra:Flow(Metadata)?: \(create\)/g) || [];
    say(`pulumi preview: ${creates.length} flows to create; ${emulator.requests().length} requests sent to Kaleyra`);

    emulator.clearRequests();
    await step("pulumi up", ["up", "--yes", "--skip-preview"], env);
    // Read before write: every flow is read; only the fields that differ are sent.
    const reads = emulator.requests().filter((r) => r.method === "GET");
    const posts = emulator.requests().filter((r) => r.method === "POST" && r.status === 200);
    const made = emulator.flows()[0].flows.find((flow) => flow.name === WHOLE_FLOW.name);
    const updates = posts.filter(
      (r) => !made || (r.flowId !== made.id && !r.path.endsWith(`/${account.wabaId}/flows`)),
    );
    say(
      `pulumi up: ${reads.length} reads, ${updates.length} metadata updates (${emulator.requests().length} requests):`,
    );
    for (const r of updates) say(`  POST ${r.path} ${r.body}`);
    if (made) {
      const uploads = posts.filter((r) => r.path.endsWith(`/${made.id}/assets`)).length;
      const times = uploads === 1 ? "once" : `${uploads} times`;
      say(
        `  ${WHOLE_FLOW.key}: no flow of that name in WABA ${account.wabaId}, so flow ${made.id} was created from ` +
          `${WHOLE_FLOW.file} (JSON uploaded ${times}), a ${made.status}: publishing needs publish: true`,
      );
    }
    for (const flow of FLOWS) {
      if (posts.some((r) => r.flowId === flow.flowId)) continue;
      const status = emulator.getFlow(account.sid, flow.flowId).status;
      say(`  ${flow.key} (${flow.flowId}) is ${status} and already matched: adopted, nothing sent`);
    }

    emulator.clearRequests();
    await step("pulumi preview --expect-no-changes", ["preview", "--expect-no-changes"], env);
    say(`pulumi preview --expect-no-changes: no changes; ${emulator.requests().length} requests sent`);
    say(`Demo finished. State: .pulumi-local/state (stack "${STACK}"); the emulator has stopped.`);
  } finally {
    await emulator.close();
  }

  async function step(title, args, env) {
    const result = await runPulumi(args, env);
    if (result.code !== 0) throw new Error(`${title} failed (exit ${result.code}):\n${result.output}`);
    return result.output;
  }
}

function writeStackConfig(sid, wabaId) {
  const file = path.join(root, `Pulumi.${STACK}.yaml`);
  const salt = fs.readFileSync(file, "utf8").match(/^encryptionsalt: .*$/m);
  const lines = [salt ? salt[0] : "", "config:", `  kaleyra:sid: ${sid}`, "  kaleyra-flows:flows:"];
  for (const flow of FLOWS) {
    lines.push(`    - key: ${flow.key}`);
    // Flow ids are quoted: 15-17 digit numbers do not survive as JS numbers.
    lines.push(`      flowId: "${flow.flowId}"`);
    lines.push(`      name: ${JSON.stringify(flow.name)}`);
    lines.push(`      categories: [${flow.categories.join(", ")}]`);
    if (flow.endpointUri) lines.push(`      endpointUri: ${flow.endpointUri}`);
  }
  lines.push("  kaleyra-flows:wholeFlows:", `    - key: ${WHOLE_FLOW.key}`, `      wabaId: "${wabaId}"`);
  lines.push(
    `      name: ${JSON.stringify(WHOLE_FLOW.name)}`,
    `      categories: [${WHOLE_FLOW.categories.join(", ")}]`,
  );
  lines.push(`      file: ${WHOLE_FLOW.file}`);
  fs.writeFileSync(file, `${lines.filter(Boolean).join("\n")}\n`);
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exitCode = 1;
});
