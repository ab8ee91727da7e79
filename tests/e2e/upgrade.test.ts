/**
 * Upgrading the package must not show a diff (each resource's __provider is a fixed
 * loader), and refresh/destroy must run the newly installed code, not code frozen in state.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { installForProjects, packPackage } from "../support/package-install";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(600_000);

const SID = "HXAP16DEMO0097IN";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator?.close());

test("a second build of the package: no diff on the existing stack, and refresh runs the new code", async () => {
  const p = await PulumiProject.create("upgrade", {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID, KALEYRA_API_KEY: DEMO_SEED.accounts[0].apiKey },
  });
  p.setConfig({
    "kaleyra-flows:flows": [{ key: "sign-up", flowId: "1234567890123451", name: "Sign up", categories: ["SIGN_UP"] }],
  });
  expect((await p.up()).code).toBe(0);
  const before = await p.flows();
  expect(Buffer.byteLength(before[0].inputs.__provider)).toBeLessThanOrEqual(2048);

  // The "new version": same sources, version 99.0.0, so its User-Agent differs at run time.
  p.relinkNodeModules(await installForProjects("upgraded", await packPackage({ version: "99.0.0" })));
  const preview = await p.preview("--expect-no-changes");
  expect(preview.code).toBe(0);

  emulator.clearRequests();
  expect((await p.refresh()).code).toBe(0);
  const [get] = emulator.requests();
  expect(get.method).toBe("GET");
  expect(get.headers["user-agent"]).toMatch(/^pulumi-kaleyra-flows\/99\.0\.0 /);

  const after = await p.flows();
  expect(after[0].inputs.__provider).toBe(before[0].inputs.__provider);
  expect(after[0].outputs.__provider).toBe(before[0].outputs.__provider);
});
