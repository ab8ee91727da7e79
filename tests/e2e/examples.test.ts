/**
 * The example projects run as their READMEs say, against the emulator: up applies them,
 * a second preview shows no changes, destroy calls nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { languageEnv } from "../support/language-env";
import { REPO_ROOT } from "../support/paths";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(300_000);

const [india, europe] = DEMO_SEED.accounts;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator?.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

/** Applies, checks a second preview is clean, destroys; returns the updates sent by the apply. */
async function applyAndDestroy(project: PulumiProject): Promise<Array<{ path: string; body: string }>> {
  expect((await project.up()).code).toBe(0);
  const sent = emulator.requests({ method: "POST" }).map((r) => ({ path: r.path, body: r.body }));
  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  expect((await project.destroy()).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
  return sent;
}

test("examples/basic: one flow", async () => {
  const project = await PulumiProject.create("example-basic", {
    source: path.join(REPO_ROOT, "examples/basic"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: india.sid, KALEYRA_API_KEY: india.apiKey },
  });
  const sent = await applyAndDestroy(project);
  expect(sent).toEqual([
    // Read first: only the endpoint differs from what the emulator holds.
    {
      path: `/v2/${india.sid}/whatsapp/1234567890123451`,
      body: JSON.stringify({ endpoint_uri: "https://flows.example.com/sign-up" }),
    },
  ]);
});

test("examples/multi-account: two accounts on two pods, one key each", async () => {
  const project = await PulumiProject.create("example-multi-account", {
    source: path.join(REPO_ROOT, "examples/multi-account"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: {
      KALEYRA_API_DOMAIN: emulator.url,
      [`KALEYRA_API_KEY_${india.sid}`]: india.apiKey,
      [`KALEYRA_API_KEY_${europe.sid}`]: europe.apiKey,
    },
  });
  const sent = await applyAndDestroy(project);
  // The Indian flow already matches: adopted without an update. The European one differs.
  expect(sent).toEqual([
    {
      path: `/v2/${europe.sid}/whatsapp/9876543210987651`,
      body: JSON.stringify({
        endpoint_uri: "https://flows.example.eu/lead",
        categories: ["LEAD_GENERATION", "CONTACT_US"],
      }),
    },
  ]);
  expect(emulator.getFlow(europe.sid, "9876543210987651")).toMatchObject({
    name: "Lead capture",
    categories: ["LEAD_GENERATION", "CONTACT_US"],
  });
});

/** The one update examples/basic sends, which its YAML, Python and Go twins must send too. */
const BASIC_UPDATE = {
  path: `/v2/${india.sid}/whatsapp/1234567890123451`,
  body: JSON.stringify({ endpoint_uri: "https://flows.example.com/sign-up" }),
};

test.each(["yaml", "python", "go"] as const)(
  "examples/%s: the basic example on the native provider",
  async (language) => {
    const project = await PulumiProject.create(`example-${language}`, {
      source: path.join(REPO_ROOT, "examples", language),
      nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
      env: {
        KALEYRA_API_DOMAIN: emulator.url,
        KALEYRA_SID: india.sid,
        KALEYRA_API_KEY: india.apiKey,
        ...languageEnv(language),
      },
    });
    if (language === "go") {
      // The example's replace is relative to the repository; the copy runs elsewhere.
      const goMod = path.join(project.dir, "go.mod");
      const sdk = path.join(REPO_ROOT, "sdk/go/kaleyra");
      fs.writeFileSync(goMod, fs.readFileSync(goMod, "utf8").replace("=> ../../sdk/go/kaleyra", `=> ${sdk}`));
    }
    expect(await applyAndDestroy(project)).toEqual([BASIC_UPDATE]);
  },
);
