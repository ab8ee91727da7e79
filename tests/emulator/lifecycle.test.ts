/**
 * The provider's lifecycle (what the dynamic-provider host calls) against the emulator:
 * create adopts, update sends and returns complete outputs, read reports drift and drops a
 * vanished flow, delete calls nothing.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { check, create, diff, read, update } from "../../provider/lifecycle";
import { SettingSources } from "../../provider/settings";

const SID = "HXAP16DEMO0097IN";
const FLOW = "1234567890123451";
let emulator: RunningEmulator;
let sources: SettingSources;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  sources = { env: { KALEYRA_SID: SID, KALEYRA_API_KEY: DEMO_SEED.accounts[0].apiKey, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_RETRY_BASE_MS: "5" } };
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

function checked(news: Record<string, unknown>): Record<string, unknown> {
  const result = check(news, sources);
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

test("create adopts the flow: one POST of the set fields; the id is the flow id; outputs as applied", async () => {
  const inputs = checked({ flowId: FLOW, name: "Adopted", categories: ["SURVEY", "SIGN_UP"] });
  const result = await create(inputs, sources);
  expect(result.id).toBe(FLOW);
  expect(result.outs).toEqual({ flowId: FLOW, name: "Adopted", categories: ["SURVEY", "SIGN_UP"], sid: SID, region: "IN", apiDomain: emulator.url });
  const requests = emulator.requests();
  expect(requests).toHaveLength(1);
  expect(JSON.parse(requests[0].body)).toEqual({ name: "Adopted", categories: ["SURVEY", "SIGN_UP"] });
});

test("update sends the desired managed fields and returns complete outputs, keeping the last known status", async () => {
  const olds = { ...checked({ flowId: FLOW, name: "Sign up", endpointUri: "https://example.com/flows/sign-up" }), status: "DRAFT" };
  const news = checked({ flowId: FLOW, name: "Register", endpointUri: "https://example.com/flows/sign-up" });
  expect(diff(olds, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  const result = await update(olds, news, sources);
  expect(result.outs).toEqual({ ...news, status: "DRAFT" });
  expect(JSON.parse(emulator.requests()[0].body)).toEqual({ name: "Register", endpoint_uri: "https://example.com/flows/sign-up" });
});

test("update that only stops managing a field sends nothing", async () => {
  const olds = checked({ flowId: FLOW, name: "Sign up", categories: ["SIGN_UP"] });
  const news = checked({ flowId: FLOW, name: "Sign up" });
  const result = await update(olds, news, sources);
  expect(result.outs).toEqual(news);
  expect(emulator.requests()).toHaveLength(0);
});

test("update refused by Kaleyra names the flow, why, and what to do", async () => {
  emulator.patchFlow(SID, FLOW, { status: "BLOCKED" });
  const olds = checked({ flowId: FLOW, name: "Sign up" });
  await expect(update(olds, checked({ flowId: FLOW, name: "New" }), sources)).rejects.toThrow(/flow 1234567890123451.*BLOCKED.*new DRAFT flow/s);
});

test("read reports the managed fields as they are on Kaleyra, and the status", async () => {
  const state = checked({ flowId: FLOW, name: "Sign up", categories: ["SIGN_UP"] });
  emulator.patchFlow(SID, FLOW, { name: "Changed in console", categories: ["OTHER", "SIGN_IN"], status: "PUBLISHED" });
  const result = await read(FLOW, state, sources);
  expect(result.id).toBe(FLOW);
  // endpoint_uri exists remotely but is not managed here: not reported.
  expect(result.props).toEqual({ ...state, name: "Changed in console", categories: ["OTHER", "SIGN_IN"], status: "PUBLISHED" });
  // The same values as inputs, so the next preview shows `old => new` for the drifted fields.
  expect(result.inputs).toEqual({ ...state, name: "Changed in console", categories: ["OTHER", "SIGN_IN"] });
  expect(diff(result.props!, state).changes).toBe(true);
  const [request] = emulator.requests();
  expect(request.query.fields).toBe("name,categories,endpoint_uri,status");
});

test("read keeps the program's category order when only the order differs remotely", async () => {
  const state = checked({ flowId: FLOW, categories: ["SURVEY", "SIGN_UP"] });
  emulator.patchFlow(SID, FLOW, { categories: ["SIGN_UP", "SURVEY"] });
  const result = await read(FLOW, state, sources);
  expect(result.props!.categories).toEqual(["SURVEY", "SIGN_UP"]);
  expect(diff(result.props!, state).changes).toBe(false);
});

test("read of a managed field removed remotely drops it from outputs, so the next up restores it", async () => {
  const state = checked({ flowId: FLOW, endpointUri: "https://example.com/flows/sign-up" });
  emulator.patchFlow(SID, FLOW, { endpoint_uri: null });
  const result = await read(FLOW, state, sources);
  expect(result.props!.endpointUri).toBeUndefined();
  expect(diff(result.props!, state).changes).toBe(true);
});

test("read of a flow deleted remotely returns no id, so refresh drops it", async () => {
  emulator.deleteFlow(SID, FLOW);
  expect(await read(FLOW, checked({ flowId: FLOW, name: "Sign up" }), sources)).toEqual({});
});

test("no API key: a clear error before anything is sent", async () => {
  const inputs = checked({ flowId: FLOW, name: "x" });
  await expect(create(inputs, { env: { ...sources.env, KALEYRA_API_KEY: undefined } })).rejects.toThrow(/no API key for Kaleyra account HXAP16DEMO0097IN.*Nothing was sent/);
  expect(emulator.requests()).toHaveLength(0);
});

test("two accounts on two pods in one run, each with its own key", async () => {
  const eu = DEMO_SEED.accounts[1];
  const twoAccounts: SettingSources = {
    env: { KALEYRA_API_DOMAIN: emulator.url, KALEYRA_API_KEY_HXAP16DEMO0097IN: DEMO_SEED.accounts[0].apiKey, [`KALEYRA_API_KEY_${eu.sid}`]: eu.apiKey },
  };
  const a = check({ flowId: FLOW, name: "IN flow", sid: SID, region: "IN" }, twoAccounts).inputs!;
  const b = check({ flowId: String(eu.flows[0].id), name: "EU flow", sid: eu.sid, region: "EU" }, twoAccounts).inputs!;
  await Promise.all([create(a, twoAccounts), create(b, twoAccounts)]);
  expect(emulator.getFlow(SID, FLOW)!.name).toBe("IN flow");
  expect(emulator.getFlow(eu.sid, String(eu.flows[0].id))!.name).toBe("EU flow");
});
