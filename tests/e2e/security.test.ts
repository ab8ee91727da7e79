/**
 * The API key never appears in state, in any FlowMetadata resource (even with
 * --show-secrets), or in CLI output, whichever way it is supplied. What the Pulumi engine
 * itself records (the stack config as the pulumi-nodejs provider's inputs, and in -v=9
 * logs) is pinned here too, since README's security section promises it.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";
import { RunResult } from "../support/run";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const FLOW = { key: "sign-up", flowId: "1234567890123451", name: "Sign up", categories: ["SIGN_UP"] };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator?.close());

async function project(name: string, env: NodeJS.ProcessEnv): Promise<PulumiProject> {
  const p = await PulumiProject.create(name, {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID, ...env },
  });
  p.setConfig({ "kaleyra-flows:flows": [FLOW] });
  return p;
}

function expectNoKey(results: RunResult[]): void {
  for (const result of results) expect(result.output).not.toContain(KEY);
}

test("key as a stack secret: nowhere in CLI output, nowhere in plain-text state, in no FlowMetadata even with --show-secrets", async () => {
  const p = await project("secret-config", {});
  await p.setSecret("kaleyra:apiKey", KEY);
  const outputs = [await p.preview(), await p.up(), await p.refresh(), await p.preview("--expect-no-changes")];
  expect(outputs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
  expectNoKey(outputs);

  const plain = await p.exportState(false);
  expect(plain.text).not.toContain(KEY);
  const revealed = await p.exportState(true);
  const flows = revealed.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/kaleyra:FlowMetadata");
  expect(flows).toHaveLength(1);
  expect(JSON.stringify(flows)).not.toContain(KEY);
  // Pulumi's own behaviour, documented in README: the default pulumi-nodejs provider records
  // the stack config (secrets encrypted) as its inputs, so --show-secrets reveals it there.
  const provider = revealed.resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
  expect(JSON.stringify(provider ?? {})).toContain(KEY);

  const destroy = await p.destroy();
  expect(destroy.code).toBe(0);
  expectNoKey([destroy]);
});

test("key in the environment: nowhere in state (even --show-secrets), CLI output, or -v=9 engine logs", async () => {
  const p = await project("env-key", { KALEYRA_API_KEY: KEY });
  const up = await p.up();
  expect(up.code).toBe(0);
  const verbose = await p.pulumi(["preview", "-v=9", "--logtostderr", "--diff"]);
  expect(verbose.code).toBe(0);
  expect(verbose.stderr.length).toBeGreaterThan(10_000); // really verbose
  expectNoKey([up, verbose]);
  expect((await p.exportState(true)).text).not.toContain(KEY);
});

test("key as a stack secret shows in -v=9 engine logs (Pulumi logs the provider config it decrypts)", async () => {
  const p = await project("secret-verbose", {});
  await p.setSecret("kaleyra:apiKey", KEY);
  const verbose = await p.pulumi(["preview", "-v=9", "--logtostderr"]);
  expect(verbose.code).toBe(0);
  // If this starts failing, the engine stopped logging decrypted config: update README's
  // security section, which tells users to prefer the environment variable in CI.
  expect(verbose.output).toContain(KEY);
});

test("a failing call with KALEYRA_DEBUG on prints request lines without the key", async () => {
  const p = await project("debug-log", { KALEYRA_API_KEY: KEY, KALEYRA_DEBUG: "1" });
  const up = await p.pulumi(["up", "--yes", "--skip-preview", "-v=3", "--logtostderr"]);
  expect(up.code).toBe(0);
  expect(up.output).toMatch(/kaleyra GET \/v2\/HXAP16DEMO0097IN\/whatsapp\/1234567890123451 -> 200 WA200/);
  expectNoKey([up]);
});
