/**
 * Bringing an existing account under management in one command, as README's walk-through
 * says: `discover` writes flows.yaml from the account's flows (paged, over several pages),
 * `validate` accepts it, the preview lists every flow as a create and calls nothing, the
 * first `up` reads each flow and sends no update, PUBLISHED ones included, and the next
 * preview shows no changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";
import { run } from "../support/run";

jest.setTimeout(300_000);

const [account] = DEMO_SEED.accounts;
const WABA = account.wabaId!;
let emulator: RunningEmulator;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  // More flows than one page holds, a deprecated one, and a published one.
  for (let i = 0; i < 5; i++)
    emulator.setFlow(account.sid, {
      id: `123456789012350${i}`,
      name: `Campaign ${i}`,
      categories: ["SHOPPING"],
      status: "DRAFT",
    });
  emulator.setFlow(account.sid, {
    id: "1234567890123499",
    name: "Old sign up",
    categories: ["SIGN_UP"],
    status: "DEPRECATED",
  });
  emulator.patchAccount(account.sid, { pageSize: 3 });
  project = await PulumiProject.create("discover", {
    source: path.join(__dirname, "programs/declare-flows"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_API_KEY: account.apiKey, KALEYRA_SID: account.sid },
  });
});
afterAll(async () => emulator?.close());
beforeEach(() => emulator.clearRequests());

const cli = () => path.join(project.dir, "node_modules/.bin/pulumi-kaleyra-flows");
const cliEnv = (extra: NodeJS.ProcessEnv = {}) => ({
  PATH: process.env.PATH,
  KALEYRA_SID: account.sid,
  KALEYRA_API_KEY: account.apiKey,
  KALEYRA_API_DOMAIN: emulator.url,
  ...extra,
});

test("discover writes flows.yaml from every page, following only the cursor, and leaves the deprecated flow out", async () => {
  const result = await run(cli(), ["discover", "--waba", WABA, "--out", "flows.yaml"], {
    cwd: project.dir,
    env: cliEnv(),
  });
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/page 3: 9 flows so far/);
  expect(result.output).not.toContain(account.apiKey);
  const requests = emulator.requests();
  expect(requests.map((r) => r.path)).toEqual([1, 2, 3].map(() => `/v2/${account.sid}/whatsapp/${WABA}/flows`));
  expect(requests.every((r) => r.method === "GET")).toBe(true);

  const text = fs.readFileSync(path.join(project.dir, "flows.yaml"), "utf8");
  expect(text).toContain(`sid: ${account.sid}`);
  expect(text).toMatch(/flowId: "1234567890123452" # PUBLISHED/);
  expect(text).toMatch(/1234567890123499 "Old sign up" \(DEPRECATED\)/);
  expect(text).not.toMatch(/flowId: "1234567890123499"/);
});

test("validate accepts the discovered file, offline", async () => {
  const result = await run(cli(), ["validate", "flows.yaml"], { cwd: project.dir, env: { PATH: process.env.PATH } });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("flows.yaml: 8 flows OK");
});

test("the preview lists every flow as a create and calls nothing", async () => {
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ 9 to create/); // 8 flows and the stack
  expect(emulator.requests()).toHaveLength(0);
});

test("the first up reads each flow and sends no update; the next preview shows no changes", async () => {
  const up = await project.up();
  expect(up.code).toBe(0);
  expect(emulator.requests({ method: "GET" })).toHaveLength(8);
  expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  expect(emulator.getFlow(account.sid, "1234567890123452")!.status).toBe("PUBLISHED");
  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});

test("discover --with-json: the flows' JSON beside the file; a new stack's first up, whole flows included, sends nothing", async () => {
  const json = fs.readFileSync(path.join(__dirname, "../fixtures/flow-json/sign-up.json"), "utf8");
  // Kaleyra's copies are compact; the published one stays published.
  emulator.setFlowJson(account.sid, "1234567890123451", JSON.stringify(JSON.parse(json)));
  emulator.setFlowJson(account.sid, "1234567890123452", JSON.stringify(JSON.parse(json)));
  const fresh = await PulumiProject.create("discover-json", {
    source: path.join(__dirname, "programs/declare-flows"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_API_KEY: account.apiKey, KALEYRA_SID: account.sid },
  });
  const discovered = await run(
    path.join(fresh.dir, "node_modules/.bin/pulumi-kaleyra-flows"),
    ["discover", "--waba", WABA, "--out", "flows.yaml", "--with-json", "flows"],
    { cwd: fresh.dir, env: cliEnv() },
  );
  expect(discovered.code).toBe(0);
  expect(discovered.output).not.toContain(account.apiKey);
  expect(fs.readdirSync(path.join(fresh.dir, "flows")).sort()).toEqual(["book-an-appointment.json", "sign-up.json"]);
  const text = fs.readFileSync(path.join(fresh.dir, "flows.yaml"), "utf8");
  expect(text).toMatch(/flowJson: flows\/sign-up\.json/);
  expect(text).toMatch(/flowJson: flows\/book-an-appointment\.json\n\s+publish: true/);
  const validate = await run(
    path.join(fresh.dir, "node_modules/.bin/pulumi-kaleyra-flows"),
    ["validate", "flows.yaml"],
    {
      cwd: fresh.dir,
      env: { PATH: process.env.PATH },
    },
  );
  expect(validate.stdout).toContain("flows.yaml: 8 flows OK (2 Flow JSON files)");

  emulator.clearRequests();
  const up = await fresh.up();
  expect(up.code).toBe(0);
  expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
  const { resources } = await fresh.exportState();
  expect(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/kaleyra:Flow").map((r) => r.id)).toEqual(
    expect.arrayContaining(["1234567890123451", "1234567890123452"]),
  );
  expect(emulator.getFlow(account.sid, "1234567890123452")!.status).toBe("PUBLISHED");
  emulator.clearRequests();
  expect((await fresh.preview("--expect-no-changes")).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});
