/**
 * Trust with a production account, through the real CLI:
 * - a bad input, or a bad setting from the environment or stack config, fails
 *   `pulumi preview`, naming the property (or config key or variable) and the fix, and
 *   nothing reaches Kaleyra;
 * - a server that echoes the API key back, in any shape, cannot get it into the output of
 *   `pulumi up` or `pulumi refresh`, debug lines included.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(600_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const GOOD = { key: "sign-up", flowId: "1234567890123451", name: "Sign up", categories: ["SIGN_UP"] };
let emulator: RunningEmulator;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  project = await PulumiProject.create("trust", {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: {
      KALEYRA_API_KEY: KEY,
      KALEYRA_API_DOMAIN: emulator.url,
      KALEYRA_SID: SID,
      KALEYRA_MAX_RETRIES: "1",
      KALEYRA_RETRY_BASE_MS: "10",
    },
  });
});
afterAll(async () => emulator?.close());
beforeEach(() => {
  emulator.clearRequests();
  emulator.clearFaults();
});

describe("a bad input or setting fails the preview, shown by the engine, and nothing is sent", () => {
  // The rules themselves, every one, are tested in tests/unit/rules.test.ts. These show the
  // engine's side: one of each place a value comes from reaches the user as the failure.
  const cases: Array<
    [string, Record<string, unknown>, { env?: NodeJS.ProcessEnv; config?: Record<string, string> }, string[]]
  > = [
    [
      "an input property: a name with a right-to-left override",
      { name: "Sign up\u202Egnp.exe" },
      {},
      ["name", "bidirectional control character", "U+202E", "Remove it"],
    ],
    [
      "a setting from the environment: a concurrency in hex",
      {},
      { env: { KALEYRA_CONCURRENCY: "0x10" } },
      ["KALEYRA_CONCURRENCY", "decimal digits only"],
    ],
    [
      "a setting from stack config: a timeout written with an exponent",
      {},
      { config: { "kaleyra:timeoutMs": "1e3" } },
      ["kaleyra:timeoutMs", "whole number from 100 to 600000, written in decimal digits only"],
    ],
  ];

  test.each(cases)("%s", async (_title, change, { env = {}, config = {} }, fragments) => {
    project.setConfig({ "kaleyra-flows:flows": [{ ...GOOD, ...change }], ...config });
    try {
      const preview = await project.pulumi(["preview", "--diff"], env);
      expect(preview.code).not.toBe(0);
      for (const fragment of fragments) expect(preview.output).toContain(fragment);
      // A setting's value is never repeated back.
      for (const value of [...Object.values(env), ...Object.values(config)])
        expect(preview.output).not.toContain(value as string);
      expect(emulator.requests()).toHaveLength(0);
    } finally {
      project.setConfig(Object.fromEntries(Object.keys(config).map((key) => [key, undefined])));
    }
  });

  test("and a good flow previews fine (the cases above fail for their own reason)", async () => {
    project.setConfig({ "kaleyra-flows:flows": [GOOD] });
    expect((await project.preview()).code).toBe(0);
  });
});

describe("a server that echoes the API key back cannot put it in front of the user", () => {
  beforeAll(async () => {
    project.setConfig({ "kaleyra-flows:flows": [GOOD] });
    expect((await project.up()).code).toBe(0);
    project.setConfig({ "kaleyra-flows:flows": [{ ...GOOD, name: "Sign up now" }] });
  });

  test.each([
    ["message", 400],
    ["errorField", 401],
    ["code", 500],
    ["escaped", 429],
    ["html", 502],
    ["text", 200],
    ["header", 500],
  ] as const)(
    "echo in %s, HTTP %d: pulumi up and pulumi refresh fail without the key, debug lines on",
    async (shape, status) => {
      emulator.addFault({ type: "echo", shape, status });
      const up = await project.pulumi(["up", "--yes", "--skip-preview"], { KALEYRA_DEBUG: "1" });
      const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview"], { KALEYRA_DEBUG: "1" });
      for (const result of [up, refresh]) {
        expect(result.code).not.toBe(0);
        expect(result.output).toContain("Kaleyra flow 1234567890123451");
        expect(result.output).toMatch(/kaleyra GET \/v2\/HXAP16DEMO0097IN\/whatsapp\/1234567890123451 -> \d{3}/);
        expect(result.output).not.toContain(KEY);
      }
      expect(emulator.requests().length).toBeGreaterThan(0);
      // Nothing was written into state from those answers.
      const [flow] = await project.flows();
      expect(flow.outputs.name).toBe("Sign up");
      expect(JSON.stringify(flow)).not.toContain(KEY);
    },
  );
});
