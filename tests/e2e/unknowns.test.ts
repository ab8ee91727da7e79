/**
 * An input that is not known during preview (another resource's output) must pass check
 * untouched and never be sent; up then applies the real value.
 */
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
let emulator: RunningEmulator;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  project = await PulumiProject.create("unknowns", {
    source: path.join(__dirname, "programs/unknown-endpoint"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_SID: SID, KALEYRA_API_KEY: DEMO_SEED.accounts[0].apiKey, KALEYRA_API_DOMAIN: emulator.url },
  });
});

afterAll(async () => emulator?.close());

test("endpointUri from another resource's output, unknown during preview: preview succeeds and sends nothing", async () => {
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/endpointUri\s*: output<string>|endpointUri\s*: \[unknown\]/);
  expect(emulator.requests()).toHaveLength(0);

  const up = await project.up();
  expect(up.code).toBe(0);
  const [request] = emulator.requests({ method: "POST" });
  // The name already matches what the emulator holds: only the endpoint is sent.
  expect(JSON.parse(request.body)).toEqual({ endpoint_uri: "https://flows.example.com/from-another-resource" });
  expect((await project.outputs()).endpointUri).toBe("https://flows.example.com/from-another-resource");
});
