/**
 * examples/gitops as its pipelines run it, against the emulator: validate, up (the metadata
 * entries adopted without an update, the whole flow created from its JSON file), a clean
 * no-change preview, what a reviewer sees in a pull request's `pulumi preview --diff` (of
 * metadata, and of a Flow JSON file), the scheduled drift check failing loudly after a change
 * made in the console, and an entry moved from FlowMetadata to Flow by adding `flowJson`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT } from "../support/paths";
import { PulumiProject } from "../support/pulumi-project";
import { run } from "../support/run";

jest.setTimeout(300_000);

const [account] = DEMO_SEED.accounts;
const FLOW_TYPE = "pulumi-nodejs:dynamic/kaleyra:Flow";
const SAMPLE_DOC = path.join(REPO_ROOT, "docs/pull-request-preview.md");
let emulator: RunningEmulator;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  project = await PulumiProject.create("gitops", {
    source: path.join(REPO_ROOT, "examples/gitops"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_API_KEY: account.apiKey },
  });
});
afterAll(async () => emulator?.close());

function editFlows(edit: (text: string) => string): void {
  const file = path.join(project.dir, "flows.yaml");
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
}

/** The preview as a reviewer reads it, with this run's port and stack made stable. */
function normalize(output: string): string {
  return output
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:4010")
    .replace(/Previewing update \([^)]*\)/, "Previewing update (production)")
    .replace(/urn:pulumi:[^:]+::[^:]+::/g, "urn:pulumi:production::kaleyra-flows::")
    .replace(/(pulumi:pulumi:Stack::[\w.-]+)-e2e\]/, "$1-production]")
    .replace(/\n*View in Browser.*$/m, "")
    .trim();
}

/**
 * The engine runs independent steps in parallel, so resources print in any order: sort the
 * resource blocks (each starts at a `~ pulumi-nodejs:...` line) before comparing.
 */
function inResourceOrder(preview: string): string {
  const lines = preview.split("\n");
  const starts = lines.flatMap((line, i) => (/^\s+[~+-]+ ?pulumi-nodejs:/.test(line) ? [i] : []));
  if (starts.length === 0) return preview;
  const end = lines.findIndex((line) => line.startsWith("Resources:"));
  const blocks = starts.map((start, k) => lines.slice(start, k + 1 < starts.length ? starts[k + 1] : end).join("\n"));
  return [...lines.slice(0, starts[0]), ...blocks.sort(), ...lines.slice(end)].join("\n");
}

test("the validate command passes the example, offline, with no credentials", async () => {
  const cli = path.join(project.dir, "node_modules/.bin/pulumi-kaleyra-flows");
  const result = await run(cli, ["validate", "flows.yaml"], { cwd: project.dir, env: { PATH: process.env.PATH } });
  expect(result.code).toBe(0);
  expect(result.output).toContain("flows.yaml: 4 flows OK (1 Flow JSON file)");
});

let feedbackId: string;
const writes = () =>
  emulator
    .requests()
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path.replace(`/v2/${account.sid}/whatsapp/`, "")}`);

test("merge: up adopts the metadata entries without one update and creates the whole flow; a second preview shows no changes", async () => {
  emulator.clearRequests();
  expect((await project.up()).code).toBe(0);
  const feedback = emulator.flows()[0].flows.filter((flow) => flow.name === "Visit feedback");
  expect(feedback).toHaveLength(1);
  feedbackId = feedback[0].id;
  expect(feedback[0].status).toBe("DRAFT");
  // The create and its JSON upload, nothing for the three flows that already match.
  expect(writes()).toEqual([`POST ${account.wabaId}/flows`, `POST ${feedbackId}/assets`]);
  const json = fs.readFileSync(path.join(project.dir, "flows/feedback.json"), "utf8");
  expect(JSON.parse(emulator.getFlow(account.sid, feedbackId)!.flowJson!)).toEqual(JSON.parse(json));
  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});

test("pull request: a Flow JSON file's change previews as the keys that changed, as the example's README shows", async () => {
  const file = path.join(project.dir, "flows/feedback.json");
  const original = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, original.replace('"title": "Your feedback"', '"title": "Tell us about your visit"'));
  project.setEnv({ KALEYRA_API_KEY: undefined });
  const preview = await project.preview("--diff");
  project.setEnv({ KALEYRA_API_KEY: account.apiKey });
  fs.writeFileSync(file, original);
  expect(preview.code).toBe(0);
  const shown = normalize(preview.stdout).replace(new RegExp(feedbackId, "g"), "<the flow's id>");
  const block = shown
    .slice(shown.lastIndexOf("\n", shown.indexOf(`~ ${FLOW_TYPE}`)) + 1)
    .split(/\n(?=\S|\s*\n|\s*--outputs:--)/)[0];
  // The engine prints the JSON as a structure, every input shown as it prints any, the change marked in place.
  expect(block).toMatch(/~ flowJson\s*: \(json\) \{/);
  expect(block).toMatch(/~ screens: \[\n\s+~ \[0\]: \{/);
  expect(block).toMatch(/~ title\s*: "Your feedback" => "Tell us about your visit"/);
  expect(block.match(/=>/g)).toHaveLength(1);
  expect(preview.output).not.toContain(account.apiKey);
  fs.mkdirSync(path.join(REPO_ROOT, ".tmp"), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, ".tmp/flow-json-preview.txt"), `${block}\n`);
  // The excerpt in the example's README is this output with runs of unchanged lines cut to
  // "...": each of its other lines is a line of the capture (.tmp/flow-json-preview.txt), in order.
  const readme = fs.readFileSync(path.join(REPO_ROOT, "examples/gitops/README.md"), "utf8");
  const sample = readme.match(/```text\n(\s+~ pulumi-nodejs:dynamic\/kaleyra:Flow[\s\S]*?)```/)![1];
  const captured = block.split("\n").map((line) => line.trimEnd());
  let at = 0;
  for (const line of sample
    .trimEnd()
    .split("\n")
    .map((text) => text.trimEnd())) {
    if (line.trim() === "...") continue;
    const found = captured.indexOf(line, at);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
  }
});

test("pull request: preview --diff of a rename, a category change and an endpoint change reads as old => new, with no API key anywhere", async () => {
  editFlows((text) =>
    text
      .replace("name: Sign up\n", "name: Sign up for offers\n")
      .replace("categories: [SURVEY, OTHER]", "categories: [SURVEY, CUSTOMER_SUPPORT]")
      .replace("https://example.com/flows/sign-up", "https://flows.example.com/v2/sign-up"),
  );
  emulator.clearRequests();
  // As pull-request.yml runs it: no KALEYRA_API_KEY in the environment, none in stack config.
  project.setEnv({ KALEYRA_API_KEY: undefined });
  const stackConfig = path.join(project.dir, `Pulumi.${project.stack}.yaml`);
  expect(fs.existsSync(stackConfig) ? fs.readFileSync(stackConfig, "utf8") : "").not.toMatch(/apiKey/i);
  const preview = await project.preview();
  project.setEnv({ KALEYRA_API_KEY: account.apiKey });
  expect(preview.code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
  const shown = normalize(preview.stdout);

  // Old and new side by side, only what changed, nothing internal or secret.
  expect(shown).toMatch(/~ name\s*: "Sign up" => "Sign up for offers"/);
  expect(shown).toMatch(
    /~ endpointUri\s*: "https:\/\/example.com\/flows\/sign-up" => "https:\/\/flows.example.com\/v2\/sign-up"/,
  );
  expect(shown).toMatch(/~ \[1\]: "OTHER" => "CUSTOMER_SUPPORT"/);
  expect(shown).toMatch(/~ 2 to update/);
  expect(shown).not.toContain("__provider");
  expect(shown).not.toContain("book-appointment]");
  expect(preview.output).not.toContain(account.apiKey);

  fs.mkdirSync(path.join(REPO_ROOT, ".tmp"), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, ".tmp/pull-request-preview.txt"), `${shown}\n`);
  // The sample in the docs is this very output: if the CLI or the package changes what a
  // reviewer sees, this fails and the docs get the new capture (.tmp/pull-request-preview.txt).
  const doc = fs.readFileSync(SAMPLE_DOC, "utf8");
  const sample = doc.match(/```text\n([\s\S]*?)```/)![1].trim();
  expect(inResourceOrder(shown)).toBe(inResourceOrder(sample));
});

test("drift check: a console change makes refresh + preview --expect-no-changes fail loudly", async () => {
  editFlows((text) =>
    text
      .replace("name: Sign up for offers\n", "name: Sign up\n")
      .replace("[SURVEY, CUSTOMER_SUPPORT]", "[SURVEY, OTHER]")
      .replace("https://flows.example.com/v2/sign-up", "https://example.com/flows/sign-up"),
  );
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  emulator.patchFlow(account.sid, "1234567890123452", { name: "Booking (edited in console)" });
  expect((await project.refresh()).code).toBe(0);
  const check = await project.preview("--expect-no-changes");
  expect(check.code).not.toBe(0);
  expect(check.output).toMatch(/name\s*: "Booking \(edited in console\)" => "Book an appointment"/);
  expect(check.output).toContain("no changes were expected for preview but changes were proposed");
});

test("a broken flows file stops the preview with every problem and its line, registering nothing", async () => {
  editFlows((text) =>
    text
      .replace("categories: [SIGN_UP]", "categories: [SIGNUP]")
      .replace('flowId: "1234567890123453"', 'flowId: "12x"'),
  );
  const preview = await project.preview();
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(
    /flows\.yaml:\d+:\d+ flows\.sign-up\.categories\[0\]: "SIGNUP" is not a Kaleyra flow category \(did you mean SIGN_UP\?\)/,
  );
  expect(preview.output).toMatch(
    /flows\.yaml:\d+:\d+ flows\.customer-survey\.flowId: flowId "12x" is not a string of digits/,
  );
});

test("adding flowJson to a metadata entry moves it to a Flow in place: nothing recreated, only the JSON sent", async () => {
  // The earlier test left a broken file: back to the example's, with sign-up declared whole.
  fs.copyFileSync(path.join(REPO_ROOT, "examples/gitops/flows.yaml"), path.join(project.dir, "flows.yaml"));
  fs.copyFileSync(
    path.join(REPO_ROOT, "tests/fixtures/flow-json/sign-up.json"),
    path.join(project.dir, "flows/sign-up.json"),
  );
  editFlows((text) =>
    text.replace("categories: [SIGN_UP]\n", "categories: [SIGN_UP]\n    flowJson: flows/sign-up.json\n"),
  );
  const signUp = "1234567890123451";
  // Undo the drift check's console edit, so that only the move is left to apply.
  emulator.patchFlow(account.sid, "1234567890123452", { name: "Book an appointment" });
  expect((await project.refresh()).code).toBe(0);
  emulator.clearRequests();
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).not.toMatch(/replace|\+ .*::sign-up|- .*::sign-up/);
  expect(emulator.requests()).toHaveLength(0);

  const up = await project.up();
  expect(up.code).toBe(0);
  expect(writes()).toEqual([`POST ${signUp}/assets`]);
  const { resources } = await project.exportState();
  const moved = resources.filter((r) => String(r.urn).endsWith("::sign-up"));
  expect(moved.map((r) => [r.type, r.id])).toEqual([[FLOW_TYPE, signUp]]);
  expect(emulator.flows()[0].flows.filter((flow) => flow.name === "Sign up")).toHaveLength(1);
  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
});
