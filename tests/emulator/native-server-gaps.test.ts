/**
 * The native plugin's two workarounds for @pulumi/pulumi/provider's server (3.248), each shown
 * needed: the same provider on the SDK's server as shipped (tests/support/sdk-server-unpatched.js)
 * fails where the plugin (provider/native/server-gaps.ts) works. Both are driven over gRPC as
 * the engine drives them, against the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import {
  configureRequest,
  messages,
  PLUGIN_ENTRY,
  type RunningPlugin,
  startPlugin,
  Struct,
  UNPATCHED_ENTRY,
  urnOf,
} from "../support/native-plugin";
import { REPO_ROOT } from "../support/paths";

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const SIGN_UP = "1234567890123451"; // DRAFT "Sign up", with an endpoint
const METADATA = "kaleyra:index:FlowMetadata";

let emulator: RunningEmulator;
const plugins: RunningPlugin[] = [];
beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/native/main.js")))
    throw new Error("run `npm run build` first");
  emulator = await startEmulator();
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));
afterEach(async () => {
  await Promise.all(plugins.splice(0).map((plugin) => plugin.stop()));
});

async function started(entry: string): Promise<RunningPlugin> {
  // No KALEYRA_* in the environment: the configuration can only come through Configure.
  const plugin = await startPlugin(entry);
  plugins.push(plugin);
  return plugin;
}

/** Configure as the engine sends it for `kaleyra:*` stack config, the key a secret. */
const configure = (plugin: RunningPlugin) =>
  plugin.call("configure", configureRequest({ sid: SID, apiKey: KEY, apiDomain: emulator.url }, ["apiKey"]));

function checkRequest(news: Record<string, unknown>): unknown {
  const request = new messages.CheckRequest();
  request.setUrn(urnOf(METADATA, "sign-up"));
  request.setOlds(Struct.fromJavaScript({}));
  request.setNews(Struct.fromJavaScript(news));
  return request;
}

/** A ReadRequest as `pulumi import` sends it: an id, and no properties at all. */
function importRequest(id: string): unknown {
  const request = new messages.ReadRequest();
  request.setId(id);
  request.setUrn(urnOf(METADATA, "sign-up"));
  return request;
}

const reasons = (response: any): string[] => response.getFailuresList().map((f: any) => f.getReason());

describe("gap 1: the SDK's Configure ignores the request", () => {
  test("as shipped, the provider never sees its configuration: a flow's check finds no account", async () => {
    const plugin = await started(UNPATCHED_ENTRY);
    await configure(plugin);
    const response = await plugin.call("check", checkRequest({ flowId: SIGN_UP, name: "Sign up" }));
    expect(reasons(response).join("\n")).toContain("no Kaleyra account SID");
  });

  test("the plugin hands it to the provider, the key unwrapped, and asks the engine for plain values", async () => {
    const plugin = await started(PLUGIN_ENTRY);
    const answer = await configure(plugin);
    // No secrets, resources or outputs accepted: inputs reach the lifecycle as in a dynamic provider.
    expect([answer.getAcceptsecrets(), answer.getAcceptresources(), answer.getAcceptoutputs()]).toEqual([
      false,
      false,
      false,
    ]);
    const response = await plugin.call("check", checkRequest({ flowId: SIGN_UP, name: "Sign up" }));
    expect(reasons(response)).toEqual([]);
    expect(response.getInputs().toJavaScript()).toEqual({
      flowId: SIGN_UP,
      name: "Sign up",
      sid: SID,
      region: "IN",
      apiDomain: emulator.url,
    });
    // The key was usable (the secret wrapper removed): a read reaches the account.
    const read = new messages.ReadRequest();
    read.setId(SIGN_UP);
    read.setUrn(urnOf(METADATA, "sign-up"));
    read.setProperties(response.getInputs());
    const state = (await plugin.call("read", read)).getProperties().toJavaScript();
    expect(state).toMatchObject({ flowId: SIGN_UP, name: "Sign up", status: "DRAFT" });
    expect(emulator.requests().every((r) => r.status === 200)).toBe(true);
  });
});

describe("gap 2: a ReadRequest without properties (pulumi import)", () => {
  test("as shipped, the SDK's server fails it before the provider is called", async () => {
    const plugin = await started(UNPATCHED_ENTRY);
    await configure(plugin);
    await expect(plugin.call("read", importRequest(SIGN_UP))).rejects.toThrow(/toJavaScript/);
    expect(emulator.requests()).toEqual([]);
  });

  test("the plugin reads the flow by id alone: every managed field comes back as an input, nothing is sent", async () => {
    const plugin = await started(PLUGIN_ENTRY);
    await configure(plugin);
    const response = await plugin.call("read", importRequest(SIGN_UP));
    const held = emulator.getFlow(SID, SIGN_UP)!;
    expect(response.getId()).toBe(SIGN_UP);
    expect(response.getInputs().toJavaScript()).toEqual({
      flowId: SIGN_UP,
      name: held.name,
      categories: [...held.categories!],
      endpointUri: held.endpoint_uri,
      sid: SID,
      region: "IN",
      apiDomain: emulator.url,
    });
    expect(response.getProperties().toJavaScript()).toMatchObject({ flowId: SIGN_UP, status: "DRAFT" });
    expect(emulator.requests().map((r) => r.method)).toEqual(["GET"]);
  });

  test("a flow Kaleyra does not have answers no id, so the engine says there is nothing to import", async () => {
    const plugin = await started(PLUGIN_ENTRY);
    await configure(plugin);
    const response = await plugin.call("read", importRequest("1234567890123999"));
    expect(response.getId()).toBe("");
  });
});
