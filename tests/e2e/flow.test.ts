/**
 * Flows as code through the real Pulumi CLI, installed from `npm pack`, against the emulator:
 * a flow created from its JSON file; a JSON change previewed as its path and uploaded once; an
 * unchanged re-run sending nothing; a bad JSON failing the preview with its line; publishing
 * warned about, then done; a published change refused, then applied with the opt-in and
 * republished; drift in the JSON seen by refresh and restored; destroy deleting the stack's own
 * draft and forgetting the rest; and a FlowMetadata moved to a Flow without being recreated.
 * The tests run in order on one stack, each building on the state the previous one left.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";
import { REPO_ROOT } from "../support/paths";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const WABA = DEMO_SEED.accounts[0].wabaId!;
const SIGN_UP = "1234567890123451"; // DRAFT "Sign up" in the demo seed
const FLOW_TYPE = "pulumi-nodejs:dynamic/kaleyra:Flow";
const TEXT = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/flow-json/sign-up.json"), "utf8");

let emulator: RunningEmulator;
let project: PulumiProject;
let rewardsId: string;

const REWARDS = {
  key: "rewards",
  wabaId: WABA,
  name: "Rewards sign up",
  categories: ["SIGN_UP"],
  file: "flows/rewards.json",
};
const posts = () => emulator.requests().filter((r) => r.method !== "GET");
const writes = () => posts().map((r) => `${r.method} ${r.path.replace(`/v2/${SID}/whatsapp/`, "")}`);

function setFlows(...flows: Array<Record<string, unknown>>): void {
  project.setConfig({ "whole-flows:flows": flows });
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true });
  fs.writeFileSync(
    path.join(project.dir, file),
    typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`,
  );
}

/** The sign-up fixture with its first screen's title changed. */
function retitled(title: string): Record<string, any> {
  const value = JSON.parse(TEXT);
  value.screens[0].title = title;
  return value;
}

async function flowState(key: string): Promise<Record<string, any>> {
  const { resources } = await project.exportState();
  return resources.find((r) => r.type === FLOW_TYPE && String(r.urn).endsWith(`::${key}`))!;
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  project = await PulumiProject.create("flow", {
    source: path.join(REPO_ROOT, "tests/e2e/programs/whole-flows"),
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID, KALEYRA_RETRY_BASE_MS: "20" },
  });
  writeJson(REWARDS.file, TEXT);
  setFlows(REWARDS);
});
afterAll(async () => emulator?.close());
beforeEach(() => emulator.clearRequests());

test("preview of a new flow from its JSON file: a create, nothing called", async () => {
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(new RegExp(`\\+ ${FLOW_TYPE}: \\(create\\)\\s+\\[urn=[^\\]]*::rewards\\]`));
  expect(emulator.requests()).toHaveLength(0);
});

test("up creates the flow in the WABA with its JSON, as a DRAFT; the next preview is clean", async () => {
  const up = await project.up();
  expect(up.code).toBe(0);
  const made = emulator.flows()[0].flows.find((f) => f.name === "Rewards sign up")!;
  expect(made).toMatchObject({ status: "DRAFT" });
  rewardsId = made.id;
  expect(JSON.parse(emulator.getFlow(SID, rewardsId)!.flowJson!)).toEqual(JSON.parse(TEXT));
  expect(writes()).toEqual([`POST ${WABA}/flows`, `POST ${rewardsId}/assets`]);
  const state = await flowState("rewards");
  expect(state.outputs).toMatchObject({ flowId: rewardsId, status: "DRAFT", created: true, jsonVersion: "7.3" });
  expect(state.outputs.flowJson).toBeUndefined();
  expect(JSON.parse(state.inputs.flowJson)).toEqual(JSON.parse(TEXT));

  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});

test("the same JSON reformatted with keys reordered: no changes", async () => {
  const reordered = Object.fromEntries(Object.entries(JSON.parse(TEXT)).reverse());
  writeJson(REWARDS.file, JSON.stringify(reordered, null, 4));
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  writeJson(REWARDS.file, TEXT);
});

test("a JSON change previews as that path, uploads once, and an unchanged re-run sends nothing", async () => {
  writeJson(REWARDS.file, retitled("Join Acme Rewards today"));
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(new RegExp(`~ ${FLOW_TYPE}: \\(update\\)`));
  expect(preview.stdout).toContain('"Join Acme Rewards"');
  expect(preview.stdout).toContain('"Join Acme Rewards today"');
  expect(preview.stdout).toMatch(/title/);
  expect(emulator.requests()).toHaveLength(0);

  const up = await project.up();
  expect(up.code).toBe(0);
  expect(writes()).toEqual([`POST ${rewardsId}/assets`]);
  emulator.clearRequests();
  expect((await project.up()).code).toBe(0);
  expect(writes()).toEqual([]);
});

test("a bad JSON fails the preview with the file, line and pointer; nothing is sent", async () => {
  const broken = JSON.stringify(retitled("Broken"), null, 2).replace('"TextHeading"', '"TextHeadng"');
  const line = broken.split("\n").findIndex((l) => l.includes("TextHeadng")) + 1;
  writeJson(REWARDS.file, broken);
  const preview = await project.preview();
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain(`flows/rewards.json line ${line}`);
  expect(preview.output).toContain("/screens/0/layout/children/0/type");
  expect(preview.output).toContain('did you mean "TextHeading"');
  expect(emulator.requests()).toHaveLength(0);
  writeJson(REWARDS.file, retitled("Join Acme Rewards today"));
});

test("publish: true warns at preview that it cannot be undone, then up publishes", async () => {
  setFlows({ ...REWARDS, publish: true });
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.output).toContain('warning: Kaleyra flow "Rewards sign up": `pulumi up` will publish this flow');
  expect(preview.output).toContain("cannot be undone");
  expect(emulator.requests().filter((r) => r.method !== "GET")).toHaveLength(0);

  expect((await project.up()).code).toBe(0);
  expect(writes()).toEqual([`POST ${rewardsId}/publish`]);
  expect(emulator.getFlow(SID, rewardsId)!.status).toBe("PUBLISHED");
  expect((await flowState("rewards")).outputs.status).toBe("PUBLISHED");
});

test("a change to the published flow is refused with nothing sent; with the opt-in, applied and republished", async () => {
  writeJson(REWARDS.file, retitled("Rewards, now with gifts"));
  const refused = await project.up();
  expect(refused.code).not.toBe(0);
  expect(refused.output).toContain("the flow is PUBLISHED and flowJson would change; nothing was sent");
  expect(writes()).toEqual([]);

  setFlows({ ...REWARDS, publish: true, allowPublishedUpdate: true });
  emulator.clearRequests();
  const applied = await project.up();
  expect(applied.code).toBe(0);
  // The demo account puts an edited published flow back to DRAFT; the same up publishes it again.
  expect(writes()).toEqual([`POST ${rewardsId}/assets`, `POST ${rewardsId}/publish`]);
  expect(applied.output).toContain("went from PUBLISHED to DRAFT");
  expect(emulator.getFlow(SID, rewardsId)!.status).toBe("PUBLISHED");
});

test("publish: false on the published flow fails the preview: it cannot go back", async () => {
  setFlows({ ...REWARDS, allowPublishedUpdate: true });
  const preview = await project.preview();
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain("is PUBLISHED but publish is false; nothing was sent");
  setFlows({ ...REWARDS, publish: true, allowPublishedUpdate: true });
});

test("JSON edited in WhatsApp Manager: refresh sees the drift, the next up restores the program's", async () => {
  emulator.setFlowJson(SID, rewardsId, JSON.stringify(retitled("Edited by hand"), null, 2));
  emulator.clearRequests();
  const refresh = await project.refresh();
  expect(refresh.code).toBe(0);
  expect(refresh.stdout).toMatch(/~ 1 updated|1 updated/);
  expect(emulator.downloads().length).toBeGreaterThan(0);
  expect(emulator.downloads().every((d) => !("api-key" in d.headers))).toBe(true);
  const preview = await project.preview();
  expect(preview.stdout).toContain('"Edited by hand"');
  emulator.clearRequests();
  expect((await project.up()).code).toBe(0);
  expect(writes()).toEqual([`POST ${rewardsId}/assets`, `POST ${rewardsId}/publish`]);
  expect(JSON.parse(emulator.getFlow(SID, rewardsId)!.flowJson!)).toEqual(retitled("Rewards, now with gifts"));
});

test("a FlowMetadata moved to a Flow (an alias) is updated in place: nothing recreated, nothing sent", async () => {
  const signUp = { key: "sign-up", flowId: SIGN_UP, name: "Sign up", categories: ["SIGN_UP"] };
  setFlows({ ...REWARDS, publish: true, allowPublishedUpdate: true }, { ...signUp, kind: "metadata" });
  expect((await project.up()).code).toBe(0);
  writeJson("flows/sign-up.json", TEXT);
  emulator.setFlowJson(SID, SIGN_UP, TEXT);
  setFlows(
    { ...REWARDS, publish: true, allowPublishedUpdate: true },
    { ...signUp, file: "flows/sign-up.json", moved: true },
  );
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).not.toMatch(/\+ .*::sign-up/);
  expect(preview.stdout).not.toMatch(/replace/);
  emulator.clearRequests();
  const up = await project.up();
  expect(up.code).toBe(0);
  expect(writes()).toEqual([]);
  expect((await flowState("sign-up")).outputs).toMatchObject({ flowId: SIGN_UP, created: false });
});

test("destroy deletes the stack's own draft, forgets the adopted one, leaves the published one live with a warning", async () => {
  const draft = {
    key: "draft",
    wabaId: WABA,
    name: "A draft of ours",
    categories: ["OTHER"],
    file: "flows/rewards.json",
  };
  setFlows(
    { ...REWARDS, publish: true, allowPublishedUpdate: true },
    { key: "sign-up", flowId: SIGN_UP, name: "Sign up", categories: ["SIGN_UP"], file: "flows/sign-up.json" },
    draft,
  );
  expect((await project.up()).code).toBe(0);
  const draftId = emulator.flows()[0].flows.find((f) => f.name === "A draft of ours")!.id;
  emulator.clearRequests();
  const destroy = await project.destroy();
  expect(destroy.code).toBe(0);
  expect(emulator.getFlow(SID, draftId)).toBeUndefined();
  expect(emulator.getFlow(SID, SIGN_UP)!.status).toBe("DRAFT");
  expect(emulator.getFlow(SID, rewardsId)!.status).toBe("PUBLISHED");
  expect(writes()).toEqual([`DELETE ${draftId}`]);
  expect(destroy.output).toMatch(
    /Kaleyra flow \d+ \("Rewards sign up"\) \(account [A-Z0-9]+\) is PUBLISHED and stays live/,
  );
});
