/**
 * Publish, Deprecate and Delete over the API, with Meta's refusals (139002 for each reason,
 * 139003, 139004), both success shapes (`detailsShape`), both error shapes (`errorShape`),
 * Kaleyra's checks in their order on the new paths, and the 405s of the new paths.
 */
import {
  API_NOT_AVAILABLE_BODY,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  RunningEmulator,
  SeedFile,
  startEmulator,
} from "../../emulator";

const SID = "HXLIFE0001";
const KEY = "Alife00000000000000000000000000001";
const OTHER = { sid: "HXLIFE0002", apiKey: "Alife00000000000000000000000000002" };
const screen = { id: "ONLY", terminal: true, layout: { type: "SingleColumnLayout", children: [] } };
const VALID = JSON.stringify({ version: "7.3", screens: [screen] });
const DATA_API = JSON.stringify({ version: "7.3", data_api_version: "4.0", routing_model: {}, screens: [screen] });
const F = {
  ready: "3330000000000001", // DRAFT, valid JSON
  noJson: "3330000000000002",
  invalid: "3330000000000003",
  needsEndpoint: "3330000000000004", // data_api_version, no endpoint_uri
  withEndpoint: "3330000000000005",
  published: "3330000000000006",
  throttled: "3330000000000007",
  blocked: "3330000000000008",
  deprecated: "3330000000000009",
  foreign: "3330000000000010", // the other account's
};

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: "3330000000000000",
      flows: [
        { id: F.ready, name: "Ready", flowJson: VALID },
        { id: F.noJson, name: "No JSON" },
        { id: F.invalid, name: "Invalid", flowJson: '{"version": "7.3", "screens": []}' },
        { id: F.needsEndpoint, name: "Needs endpoint", flowJson: DATA_API },
        { id: F.withEndpoint, name: "With endpoint", flowJson: DATA_API, endpoint_uri: "https://example.com/data" },
        { id: F.published, name: "Published", status: "PUBLISHED", flowJson: VALID },
        { id: F.throttled, name: "Throttled", status: "THROTTLED", flowJson: VALID },
        { id: F.blocked, name: "Blocked", status: "BLOCKED", flowJson: VALID },
        { id: F.deprecated, name: "Deprecated", status: "DEPRECATED", flowJson: VALID },
      ],
    },
    { ...OTHER, flows: [{ id: F.foreign, name: "Foreign", flowJson: VALID }] },
    { sid: "HXLIFENOAPI", apiKey: "Alife00000000000000000000000000003", flowApi: false },
  ],
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

type Json = Record<string, any>;

async function call(method: string, path: string, options: { sid?: string; key?: string | null } = {}) {
  const key = options.key === undefined ? KEY : options.key;
  const response = await fetch(`${emulator.url}/v2/${options.sid ?? SID}/whatsapp/${path}`, {
    method,
    headers: key === null ? {} : { "api-key": key },
  });
  return { status: response.status, allow: response.headers.get("allow"), json: (await response.json()) as Json };
}

const publish = (flow: string) => call("POST", `${flow}/publish`);
const deprecate = (flow: string) => call("POST", `${flow}/deprecate`);
const remove = (flow: string) => call("DELETE", flow);
const status = (flow: string) => emulator.getFlow(SID, flow)?.status;
const ENVELOPED_SUCCESS = {
  code: "WA200",
  message: "Request Processed Successfully",
  data: { success: true },
  error: {},
};

describe("publish", () => {
  test("a DRAFT with a valid Flow JSON: PUBLISHED, {success: true} in Kaleyra's envelope", async () => {
    expect(await publish(F.ready)).toMatchObject({ status: 200, json: ENVELOPED_SUCCESS });
    expect(status(F.ready)).toBe("PUBLISHED");
  });

  test("a Flow JSON with data_api_version and an endpoint_uri publishes", async () => {
    expect((await publish(F.withEndpoint)).status).toBe(200);
    expect(status(F.withEndpoint)).toBe("PUBLISHED");
  });

  test.each([
    ["validation errors remain", F.invalid, "validation errors remain"],
    ["no Flow JSON", F.noJson, "no Flow JSON"],
    ["no endpoint_uri for a Flow JSON with data_api_version", F.needsEndpoint, "no endpoint_uri"],
    ["not DRAFT (PUBLISHED)", F.published, "it is PUBLISHED, not DRAFT"],
    ["not DRAFT (DEPRECATED)", F.deprecated, "it is DEPRECATED, not DRAFT"],
    ["not DRAFT (BLOCKED)", F.blocked, "it is BLOCKED, not DRAFT"],
  ])("refused, %s: 139002 saying so; the status unchanged", async (_name, flow, reason) => {
    const before = status(flow);
    const answer = await publish(flow);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: "WA-400",
      message: `Flow can't be published: ${reason}`,
      data: {},
      error: {
        message: `Flow can't be published: ${reason}`,
        type: "OAuthException",
        code: 139002,
        error_user_title: "Flow can't be published",
        error_user_msg: expect.stringContaining(flow),
        fbtrace_id: expect.any(String),
      },
    });
    expect(status(flow)).toBe(before);
  });

  test("an endpoint added later (Update Flow Metadata) makes it publishable", async () => {
    expect((await publish(F.needsEndpoint)).status).toBe(400);
    const update = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${F.needsEndpoint}`, {
      method: "POST",
      headers: { "api-key": KEY },
      body: JSON.stringify({ endpoint_uri: "https://example.com/later" }),
    });
    expect(update.status).toBe(200);
    expect((await publish(F.needsEndpoint)).status).toBe(200);
  });
});

describe("deprecate", () => {
  test.each([
    ["PUBLISHED", F.published],
    ["THROTTLED", F.throttled],
    ["BLOCKED", F.blocked],
  ])("%s → DEPRECATED, {success: true}", async (_status, flow) => {
    expect(await deprecate(flow)).toMatchObject({ status: 200, json: ENVELOPED_SUCCESS });
    expect(status(flow)).toBe("DEPRECATED");
  });

  test("twice: the second is 139003 'already DEPRECATED'", async () => {
    expect((await deprecate(F.published)).status).toBe(200);
    const again = await deprecate(F.published);
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      code: 139003,
      message: "Flow can't be deprecated: it is already DEPRECATED",
    });
  });

  test("a DRAFT: 139003, and it stays a DRAFT", async () => {
    const answer = await deprecate(F.ready);
    expect(answer.json.error).toMatchObject({ code: 139003, message: expect.stringContaining("DRAFT") });
    expect(status(F.ready)).toBe("DRAFT");
  });
});

describe("delete", () => {
  test("a DRAFT is removed: {success: true}; later calls get the flow_id WA-401", async () => {
    expect(await remove(F.noJson)).toMatchObject({ status: 200, json: ENVELOPED_SUCCESS });
    expect(emulator.getFlow(SID, F.noJson)).toBeUndefined();
    expect(await call("GET", F.noJson)).toMatchObject({ status: 401, json: FLOW_NOT_FOUND_BODY });
    expect(await remove(F.noJson)).toMatchObject({ status: 401, json: FLOW_NOT_FOUND_BODY });
  });

  test.each([
    ["PUBLISHED", F.published, "a published flow cannot be deleted; deprecate it"],
    ["THROTTLED", F.throttled, "a published flow cannot be deleted; deprecate it"],
    ["BLOCKED", F.blocked, "a published flow cannot be deleted; deprecate it"],
    ["DEPRECATED", F.deprecated, "a deprecated flow cannot be deleted"],
  ])("%s: 139004; the flow stays", async (flowStatus, flow, reason) => {
    const answer = await remove(flow);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 139004, message: `Flow can't be deleted: ${reason}` });
    expect(status(flow)).toBe(flowStatus);
  });

  test("the whole life: publish, delete refused, deprecate, delete still refused", async () => {
    expect((await publish(F.ready)).status).toBe(200);
    expect((await remove(F.ready)).json.error.code).toBe(139004);
    expect((await deprecate(F.ready)).status).toBe(200);
    expect((await remove(F.ready)).json.error.code).toBe(139004);
    expect((await publish(F.ready)).json.error.code).toBe(139002);
  });
});

describe("answer shapes", () => {
  test('detailsShape "bare": publish, deprecate and delete answer Meta\'s {success: true} alone', async () => {
    emulator.patchAccount(SID, { detailsShape: "bare" });
    expect((await publish(F.ready)).json).toEqual({ success: true });
    expect((await deprecate(F.ready)).json).toEqual({ success: true });
    expect((await remove(F.noJson)).json).toEqual({ success: true });
  });

  test('errorShape "meta": HTTP 400 {error: {message, type, code, error_user_*, fbtrace_id}}', async () => {
    emulator.setErrorShape(SID, "meta");
    for (const [answer, code] of [
      [await publish(F.noJson), 139002],
      [await deprecate(F.noJson), 139003],
      [await remove(F.published), 139004],
    ] as const) {
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        error: {
          message: expect.any(String),
          type: "OAuthException",
          code,
          error_user_title: expect.any(String),
          error_user_msg: expect.any(String),
          fbtrace_id: expect.any(String),
        },
      });
    }
  });

  test('errorShape "kaleyra" (the default): {code: "WA-400", message, data: {}, error: <Meta\'s error>}', async () => {
    const answer = await remove(F.published);
    expect(Object.keys(answer.json)).toEqual(["code", "message", "data", "error"]);
    expect(answer.json).toMatchObject({ code: "WA-400", data: {}, error: { code: 139004, type: "OAuthException" } });
    expect(answer.json.message).toBe(answer.json.error.message);
  });
});

describe("Kaleyra's checks on the new paths, in the usual order", () => {
  test.each([
    ["POST", "publish"],
    ["POST", "deprecate"],
    ["DELETE", ""],
    ["GET", "assets"],
    ["POST", "assets"],
  ])(
    "%s .../%s: RBC001, then the Flow API, then another account's flow is the flow_id WA-401",
    async (method, action) => {
      const path = (flow: string) => (action ? `${flow}/${action}` : flow);
      expect(await call(method, path(F.ready), { key: null })).toMatchObject({
        status: 401,
        json: INCORRECT_SID_OR_KEY_BODY,
      });
      expect(await call(method, path(F.ready), { key: "Awrong0000000000000000000000000000" })).toMatchObject({
        status: 401,
        json: INCORRECT_SID_OR_KEY_BODY,
      });
      expect(
        await call(method, path(F.ready), { sid: "HXLIFENOAPI", key: "Alife00000000000000000000000000003" }),
      ).toMatchObject({ status: 401, json: API_NOT_AVAILABLE_BODY });
      expect(await call(method, path(F.foreign))).toMatchObject({ status: 401, json: FLOW_NOT_FOUND_BODY });
      expect(await call(method, path("12ab"))).toMatchObject({ status: 401, json: FLOW_NOT_FOUND_BODY });
      expect(emulator.getFlow(OTHER.sid, F.foreign)!.status).toBe("DRAFT");
    },
  );

  test.each([
    ["GET", "publish", "POST"],
    ["DELETE", "deprecate", "POST"],
    ["PUT", "assets", "GET, POST"],
    ["PATCH", "", "GET, POST, DELETE"],
  ])("%s .../%s: 405 WA-405 with Allow %s, before any other check", async (method, action, allow) => {
    const answer = await call(method, action ? `${F.ready}/${action}` : F.ready, { key: null });
    expect(answer).toMatchObject({ status: 405, allow, json: { code: "WA-405" } });
  });

  test("an unknown sub-path is still a WA-404", async () => {
    expect((await call("POST", `${F.ready}/unpublish`)).status).toBe(404);
    expect((await call("GET", `${F.ready}/assets/extra`)).status).toBe(404);
  });

  test("every new request is logged with its flow id", async () => {
    await publish(F.ready);
    await call("GET", `${F.ready}/assets`);
    await remove(F.noJson);
    expect(emulator.requests({ flowId: F.ready }).map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", `/v2/${SID}/whatsapp/${F.ready}/publish`, 200],
      ["GET", `/v2/${SID}/whatsapp/${F.ready}/assets`, 200],
    ]);
    expect(emulator.requests({ method: "DELETE" })).toHaveLength(1);
  });
});
