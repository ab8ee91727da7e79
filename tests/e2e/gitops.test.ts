/**
 * examples/gitops as its pipelines run it, against the emulator: validate, up, a clean
 * no-change preview, what a reviewer sees in a pull request's `pulumi preview --diff`, and
 * the scheduled drift check failing loudly after a change made in the console.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT } from "../support/paths";
import { PulumiProject } from "../support/pulumi-project";
import { run } from "../support/run";

jest.setTimeout(300_000);

const [account] = DEMO_SEED.accounts;
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
  expect(result.output).toContain("flows.yaml: 3 flows OK");
});

test("merge: up adopts the file's flows, which already match, without one update; a second preview shows no changes", async () => {
  expect((await project.up()).code).toBe(0);
  expect(emulator.requests({ method: "GET" })).toHaveLength(3);
  expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
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
