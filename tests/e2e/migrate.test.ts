/**
 * `pulumi-kaleyra-flows migrate-to-native` on a real stack: a TypeScript program on the
 * dynamic resources, applied; the program rewritten on the native provider under the same
 * names; the command moves the state (imports, then deletes the dynamic records) and sends
 * nothing to Kaleyra; the next preview shows no changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT } from "../support/paths";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts.find((a) => a.sid === SID)!.apiKey;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator?.close());

test("a dynamic stack moves to the native provider with nothing sent, and the next preview is clean", async () => {
  const project = await PulumiProject.create("migrate", {
    source: path.join(__dirname, "programs/migrate"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID },
  });
  fs.cpSync(path.join(REPO_ROOT, "flows"), path.join(project.dir, "flows"), { recursive: true });
  expect((await project.up()).code).toBe(0);
  const before = await project.exportState();
  const ids = Object.fromEntries(before.resources.filter((r) => r.id).map((r) => [r.urn.split("::").pop(), r.id]));

  // The program, rewritten: the same names on the native provider.
  fs.rmSync(path.join(project.dir, "index.ts"));
  fs.renameSync(path.join(project.dir, "native-program.yaml"), path.join(project.dir, "Pulumi.yaml"));
  const cli = path.join(process.env.KALEYRA_E2E_NODE_MODULES!, "pulumi-kaleyra-flows/dist/provider/cli/index.js");

  emulator.clearRequests();
  const dry = await project.exec(process.execPath, [cli, "migrate-to-native", "--dry-run"]);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain("Dry run: nothing was changed.");
  expect((await project.exportState()).text).toBe(before.text);

  const migrated = await project.exec(process.execPath, [cli, "migrate-to-native"]);
  expect(migrated.code).toBe(0);
  expect(migrated.stdout).toContain("Moved 3 flow(s) to the native provider");
  expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);

  const after = (await project.exportState()).resources;
  expect(after.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
  const native = after.filter((r) => r.type.startsWith("kaleyra:index:"));
  expect(Object.fromEntries(native.map((r) => [r.urn.split("::").pop(), [r.type, r.id]]))).toEqual({
    "sign-up": ["kaleyra:index:FlowMetadata", ids["sign-up"]],
    survey: ["kaleyra:index:FlowMetadata", ids.survey],
    welcome: ["kaleyra:index:Flow", ids.welcome],
  });
  // What was not managed stays unmanaged.
  expect(native.find((r) => r.id === ids.survey)!.inputs).not.toHaveProperty("categories");

  emulator.clearRequests();
  const preview = await project.preview("--expect-no-changes");
  expect(preview.code).toBe(0);
  expect(emulator.requests()).toEqual([]);
});
