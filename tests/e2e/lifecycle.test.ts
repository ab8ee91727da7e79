/**
 * The real Pulumi CLI (preview, up, refresh, destroy) on the repository's root program,
 * installed from `npm pack` as a user installs it, against the Kaleyra emulator. The tests
 * run in order on one stack, each building on the state the previous one left.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts.find((a) => a.sid === SID)!.apiKey;
// sign-up and survey differ from what the emulator holds; booking (PUBLISHED) matches it.
const FLOWS = [
  {
    key: "sign-up",
    flowId: "1234567890123451",
    name: "Sign up for offers",
    categories: ["SIGN_UP"],
    endpointUri: "https://example.com/flows/sign-up",
  },
  { key: "booking", flowId: "1234567890123452", name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"] },
  { key: "survey", flowId: "1234567890123453", name: "Customer survey", categories: ["SURVEY", "CUSTOMER_SUPPORT"] },
];

let emulator: RunningEmulator;
let project: PulumiProject;

/** The /v2 requests the emulator received since the last clear. */
const kaleyraRequests = () => emulator.requests();
const posts = () => emulator.requests({ method: "POST" });

function setFlows(flows: Array<Record<string, unknown>>): void {
  project.setConfig({ "kaleyra-flows:flows": flows });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  project = await PulumiProject.create("lifecycle", {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_RETRY_BASE_MS: "50" },
  });
  project.setConfig({ "kaleyra:sid": SID });
  setFlows(FLOWS);
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => emulator.clearRequests());

test("preview of a new stack lists every flow as a create and calls nothing", async () => {
  const result = await project.preview();
  expect(result.code).toBe(0);
  for (const flow of FLOWS)
    expect(result.stdout).toMatch(
      new RegExp(`\\+ pulumi-nodejs:dynamic/kaleyra:FlowMetadata: \\(create\\)\\s+\\[urn=[^\\]]*::${flow.key}\\]`),
    );
  expect(result.stdout).toMatch(/\+ 4 to create/);
  expect(kaleyraRequests()).toHaveLength(0);
});

test("up reads every flow, then sends Update Flow Metadata only where a field differs, with only those fields", async () => {
  const result = await project.up();
  expect(result.code).toBe(0);
  const requests = kaleyraRequests();
  for (const flow of FLOWS) {
    const [get] = requests.filter((r) => r.method === "GET" && r.path === `/v2/${SID}/whatsapp/${flow.flowId}`);
    expect(get.query.fields).toBe("id,name,categories,endpoint_uri,status");
    expect(get.headers["api-key"]).toBe("***");
  }
  expect(requests.filter((r) => r.method === "GET")).toHaveLength(3);
  const sent = posts();
  expect(sent.map((r) => r.flowId).sort()).toEqual(["1234567890123451", "1234567890123453"]);
  for (const request of sent) {
    expect(request.status).toBe(200);
    expect(request.headers["api-key"]).toBe("***");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["user-agent"]).toMatch(/^pulumi-kaleyra-flows\/\d+\.\d+\.\d+ /);
  }
  expect(JSON.parse(sent.find((r) => r.flowId === "1234567890123451")!.body)).toEqual({ name: "Sign up for offers" });
  expect(JSON.parse(sent.find((r) => r.flowId === "1234567890123453")!.body)).toEqual({
    categories: ["SURVEY", "CUSTOMER_SUPPORT"],
  });
  // The PUBLISHED flow already matched: adopted, not touched, still published.
  expect(emulator.getFlow(SID, "1234567890123452")).toMatchObject({ status: "PUBLISHED", name: "Book an appointment" });

  const state = await project.flows();
  expect(state.map((r) => r.id).sort()).toEqual(FLOWS.map((f) => f.flowId).sort());
  expect(Object.fromEntries(state.map((r) => [r.id, r.outputs.status]))).toEqual({
    "1234567890123451": "DRAFT",
    "1234567890123452": "PUBLISHED",
    "1234567890123453": "DRAFT",
  });
});

test("a second preview with --expect-no-changes passes, and reordering categories changes nothing", async () => {
  const same = await project.preview("--expect-no-changes");
  expect(same.code).toBe(0);
  setFlows(FLOWS.map((f) => (f.key === "survey" ? { ...f, categories: ["CUSTOMER_SUPPORT", "SURVEY", "SURVEY"] } : f)));
  const reordered = await project.preview("--expect-no-changes");
  expect(reordered.code).toBe(0);
  expect(kaleyraRequests()).toHaveLength(0);
});

test("renaming one flow previews an update of that flow only, with its last known status; up reads it and sends the name", async () => {
  setFlows(FLOWS.map((f) => (f.key === "survey" ? { ...f, name: "Customer feedback" } : f)));
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(
    /~ pulumi-nodejs:dynamic\/kaleyra:FlowMetadata: \(update\)\s+\[id=1234567890123453\]\s+\[urn=[^\]]*::survey\]/,
  );
  expect(preview.stdout).toMatch(/~ name\s*: "Customer survey" => "Customer feedback"/);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).not.toMatch(/::sign-up\]/);
  expect(preview.output).toContain(
    'Kaleyra flow 1234567890123453 ("Customer feedback") was DRAFT when last read; name would change.',
  );
  expect(kaleyraRequests()).toHaveLength(0);

  const up = await project.up();
  expect(up.code).toBe(0);
  expect(kaleyraRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
    `GET /v2/${SID}/whatsapp/1234567890123453`,
    `POST /v2/${SID}/whatsapp/1234567890123453`,
  ]);
  expect(JSON.parse(posts()[0].body)).toEqual({ name: "Customer feedback" });
  FLOWS[2].name = "Customer feedback";
});

test("changing a flowId is a replace", async () => {
  setFlows(FLOWS.map((f) => (f.key === "survey" ? { ...f, flowId: "1234567890123454" } : f)));
  emulator.setFlow(SID, { id: "1234567890123454", name: "Survey v2", categories: ["SURVEY"], status: "DRAFT" });
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+-pulumi-nodejs:dynamic\/kaleyra:FlowMetadata: \(replace\)/);
  expect(preview.stdout).toMatch(/flowId\s*: "1234567890123453" => "1234567890123454"/);
  expect(preview.stdout).toMatch(/\+-1 to replace/);
  setFlows(FLOWS);
  expect(kaleyraRequests()).toHaveLength(0);
});

test("an invalid input fails the preview naming the property and the fix, and sends nothing", async () => {
  setFlows(
    FLOWS.map((f) => (f.key === "sign-up" ? { ...f, categories: ["SIGNUP"], endpointUri: "http://example.com/x" } : f)),
  );
  const preview = await project.preview();
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain('"SIGNUP" is not a Kaleyra flow category (did you mean SIGN_UP?)');
  expect(preview.output).toContain(
    'endpointUri "http://example.com/x" uses "http"; WhatsApp only calls https endpoints',
  );
  expect(kaleyraRequests()).toHaveLength(0);
  setFlows(FLOWS);
});

test("a wrong API key fails up with Kaleyra's code and what to do, at the first read", async () => {
  setFlows(FLOWS.map((f) => (f.key === "sign-up" ? { ...f, name: "Sign up now" } : f)));
  const wrongKey = "Awrong000000000000000000000000009";
  const up = await project.pulumi(["up", "--yes", "--skip-preview"], { KALEYRA_API_KEY: wrongKey });
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("flow 1234567890123451");
  expect(up.output).toContain("HTTP 401 RBC001");
  expect(up.output).toContain("Incorrect SID or API key.");
  expect(up.output).toContain("pulumi config set --secret kaleyra:apiKey");
  expect(up.output).not.toContain(wrongKey);
  expect(kaleyraRequests().map((r) => r.method)).toEqual(["GET"]);
  // With the right key the same change goes through.
  expect((await project.up()).code).toBe(0);
  FLOWS[0].name = "Sign up now";
});

test("drift made behind Pulumi's back: refresh reports it, the next up restores it", async () => {
  emulator.patchFlow(SID, "1234567890123451", { name: "Renamed in the console", categories: ["SIGN_IN"] });
  const refresh = await project.refresh();
  expect(refresh.code).toBe(0);
  const [signUp] = (await project.flows()).filter((r) => r.id === "1234567890123451");
  expect(signUp.outputs.name).toBe("Renamed in the console");
  expect(signUp.outputs.status).toBe("DRAFT");

  const preview = await project.preview("--expect-no-changes");
  expect(preview.code).not.toBe(0);
  expect(preview.stdout).toMatch(/name\s*: "Renamed in the console" => "Sign up now"/);

  emulator.clearRequests();
  expect((await project.up()).code).toBe(0);
  expect(posts()).toHaveLength(1);
  expect(JSON.parse(posts()[0].body)).toEqual({ name: "Sign up now", categories: ["SIGN_UP"] });
  expect(emulator.getFlow(SID, "1234567890123451")).toMatchObject({ name: "Sign up now", categories: ["SIGN_UP"] });
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
});

test("a flow deleted remotely: refresh drops it from the stack", async () => {
  const deleted = emulator.getFlow(SID, "1234567890123453")!;
  emulator.deleteFlow(SID, "1234567890123453");
  const refresh = await project.refresh();
  expect(refresh.code).toBe(0);
  expect((await project.flows()).map((r) => r.id)).not.toContain("1234567890123453");
  emulator.setFlow(SID, deleted);
  expect((await project.up()).code).toBe(0);
  expect((await project.flows()).map((r) => r.id)).toContain("1234567890123453");
});

test("WA-500 and 429 on the first attempts: up still succeeds", async () => {
  setFlows(FLOWS.map((f) => (f.key === "booking" ? f : { ...f, name: `${f.name}!` })));
  emulator.addFault({ type: "error500", flowId: "1234567890123451", method: "POST", times: 2 });
  emulator.addFault({ type: "rateLimit", flowId: "1234567890123453", method: "GET", times: 1, retryAfter: 1 });
  const up = await project.up();
  expect(up.code).toBe(0);
  const statuses = (flowId: string) =>
    kaleyraRequests()
      .filter((r) => r.flowId === flowId)
      .map((r) => `${r.method} ${r.status}`);
  expect(statuses("1234567890123451")).toEqual(["GET 200", "POST 500", "POST 500", "POST 200"]);
  expect(statuses("1234567890123453")).toEqual(["GET 429", "GET 200", "POST 200"]);
  setFlows(FLOWS);
  expect((await project.up()).code).toBe(0);
});

test("rotating the API key shows no diff; destroy calls nothing and leaves an empty stack; the flows stay on Kaleyra", async () => {
  // The key is read at call time, never stored: a new key changes nothing in the plan.
  project.setEnv({ KALEYRA_API_KEY: "Arotated0000000000000000000000007" });
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  const destroy = await project.destroy();
  expect(destroy.code).toBe(0);
  expect(kaleyraRequests()).toHaveLength(0);
  expect(await project.flows()).toHaveLength(0);
  expect(emulator.getFlow(SID, "1234567890123451")).toMatchObject({ name: "Sign up now" });
});
