/**
 * Trust with a production account, through the real CLI:
 * - bad inputs and settings fail `pulumi preview`, naming the property (or config key or
 *   variable) and the fix, and nothing reaches Kaleyra;
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
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID, KALEYRA_MAX_RETRIES: "1", KALEYRA_RETRY_BASE_MS: "10" },
  });
});
afterAll(async () => emulator?.close());
beforeEach(() => {
  emulator.clearRequests();
  emulator.clearFaults();
});

describe("a sample of bad inputs and settings fails the preview, and nothing is sent", () => {
  const cases: Array<[string, Record<string, unknown>, NodeJS.ProcessEnv, string[]]> = [
    ["flow id 0", { flowId: "0" }, {}, ["flowId", "starts with 0", "WhatsApp Manager"]],
    ["a flow id of 10 000 digits", { flowId: "1".repeat(10_000) }, {}, ["flowId", "has 10000 digits; flow ids have 10 to 20"]],
    ["a name with a right-to-left override", { name: "Sign up\u202Egnp.exe" }, {}, ["name", "bidirectional control character", "U+202E", "Remove it"]],
    ["a name with an escape sequence", { name: "Sign\u001b[2K up" }, {}, ["name", "control character", "U+001B"]],
    ["a name with a zero-width space", { name: "Sign\u200Bup" }, {}, ["name", "invisible formatting character", "U+200B"]],
    ["an endpoint with a space the URL parser would encode", { endpointUri: "https://flows.example.com/sign up" }, {}, ["endpointUri", "Write it as \"https://flows.example.com/sign%20up\""]],
    ["an endpoint on a private address", { endpointUri: "https://10.1.2.3/flow" }, {}, ["endpointUri", "private network address", "Meta's servers"]],
    ["an endpoint Meta reads differently (https:host)", { endpointUri: "https:flows.example.com/x" }, {}, ["endpointUri", "Write it as \"https://flows.example.com/x\""]],
    ["plain http to a remote API domain, from the environment", {}, { KALEYRA_API_DOMAIN: "http://api.kaleyra.example.com" }, ["KALEYRA_API_DOMAIN", "plain http", "unencrypted"]],
    ["a scheme-relative API domain, as an argument", { apiDomain: "//api.in.kaleyra.io" }, {}, ["apiDomain", "starts with //"]],
    ["a timeout written with an exponent", {}, { KALEYRA_TIMEOUT_MS: "1e3" }, ["KALEYRA_TIMEOUT_MS", "whole number from 100 to 600000, written in decimal digits only"]],
    ["a concurrency in hex", {}, { KALEYRA_CONCURRENCY: "0x10" }, ["KALEYRA_CONCURRENCY", "decimal digits only"]],
    ["an opt-in that is not a boolean", {}, { KALEYRA_ALLOW_PUBLISHED_UPDATE: "yes please" }, ["KALEYRA_ALLOW_PUBLISHED_UPDATE", "must be true or false"]],
    ["a category not yet known next to a bad one", { categories: ["SIGN_UP", "SINGUP"] }, {}, ["categories", '"SINGUP" is not a Kaleyra flow category (did you mean SIGN_UP?)']],
  ];

  test.each(cases)("%s", async (_title, change, env, fragments) => {
    project.setConfig({ "kaleyra-flows:flows": [{ ...GOOD, ...change }] });
    const preview = await project.pulumi(["preview", "--diff"], env);
    expect(preview.code).not.toBe(0);
    for (const fragment of fragments) expect(preview.output).toContain(fragment);
    // A setting's value is never repeated back.
    for (const value of Object.values(env)) expect(preview.output).not.toContain(value as string);
    expect(emulator.requests()).toHaveLength(0);
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
  ] as const)("echo in %s, HTTP %d: pulumi up and pulumi refresh fail without the key, debug lines on", async (shape, status) => {
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
  });
});
