/**
 * Create Flow (`POST /v2/<sid>/whatsapp/<waba_id>/flows`) over real HTTP: Kaleyra's checks
 * first, then Meta's parameter rules (100 naming the parameter), unique names per WABA
 * (100), `flow_json` stored and validated, `publish` (139002 when refused, nothing created),
 * `clone_flow_id`, and both answer shapes (`createShape`, `detailsShape`).
 */
import {
  API_NOT_AVAILABLE_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  RunningEmulator,
  SeedFile,
  startEmulator,
  WABA_NOT_FOUND_BODY,
} from "../../emulator";

const SID = "HXCREATE01";
const KEY = "Acreate000000000000000000000000001";
const WABA = "5550000000000001";
const OTHER_WABA = "5550000000000002"; // another WABA of the same account
const FOREIGN_WABA = "6660000000000001"; // another account's
const EXISTING = "5550000000000101";
const IN_OTHER_WABA = "5550000000000201";

const VALID_JSON = JSON.stringify(
  {
    version: "7.3",
    screens: [{ id: "ONLY", terminal: true, layout: { type: "SingleColumnLayout", children: [] } }],
  },
  null,
  2,
);
const WITH_DATA_API = JSON.stringify({
  version: "7.3",
  data_api_version: "3.0",
  routing_model: { ONLY: [] },
  screens: [{ id: "ONLY", terminal: true, layout: { type: "SingleColumnLayout", children: [] } }],
});

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      flows: [
        { id: EXISTING, name: "Taken", categories: ["SIGN_UP"], flowJson: VALID_JSON },
        { id: IN_OTHER_WABA, name: "Elsewhere", wabaId: OTHER_WABA },
      ],
    },
    { sid: "HXFOREIGN1", apiKey: "Aforeign00000000000000000000000001", wabaId: FOREIGN_WABA },
    { sid: "HXNOFLOWAPI", apiKey: "Anoflow000000000000000000000000001", wabaId: "7770000000000001", flowApi: false },
  ],
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

type Json = Record<string, any>;

async function create(body: unknown, options: { waba?: string; sid?: string; key?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = options.key === undefined ? KEY : options.key;
  if (key !== null) headers["api-key"] = key;
  const response = await fetch(`${emulator.url}/v2/${options.sid ?? SID}/whatsapp/${options.waba ?? WABA}/flows`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

async function get(path: string) {
  const response = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${path}`, { headers: { "api-key": KEY } });
  return { status: response.status, json: (await response.json()) as Json };
}

const flowCount = () => emulator.getAccount(SID)!.flows.length;

describe("Kaleyra's checks come first, as on the other routes", () => {
  test("a wrong key is RBC001; an account without the Flow API is the WA-401; nothing is created", async () => {
    expect(await create({ name: "x", categories: ["OTHER"] }, { key: "Awrong" })).toEqual({
      status: 401,
      json: INCORRECT_SID_OR_KEY_BODY,
    });
    const noApi = await create(
      { name: "x", categories: ["OTHER"] },
      { sid: "HXNOFLOWAPI", key: "Anoflow000000000000000000000000001", waba: "7770000000000001" },
    );
    expect(noApi).toEqual({ status: 401, json: API_NOT_AVAILABLE_BODY });
    expect(flowCount()).toBe(2);
  });

  test("a WABA not the account's (another account's too): the waba_id WA-401, even with a bad body", async () => {
    for (const waba of [FOREIGN_WABA, "123", "not-digits"]) {
      expect(await create("not json", { waba })).toEqual({ status: 401, json: WABA_NOT_FOUND_BODY });
    }
  });

  test("a flow's own WABA counts: the new flow lands in that WABA's list", async () => {
    const answer = await create({ name: "Second WABA", categories: ["OTHER"] }, { waba: OTHER_WABA });
    expect(answer.status).toBe(200);
    const flow = emulator.getFlow(SID, answer.json.data.id)!;
    expect(flow.wabaId).toBe(OTHER_WABA);
    const listed = await get(`${OTHER_WABA}/flows?fields=name`);
    expect(listed.json.data.data.map((f: Json) => f.name)).toEqual(["Elsewhere", "Second WABA"]);
  });
});

describe("a created flow", () => {
  test("full shape (default): {id, success}; a DRAFT with 16 digits that details and the list show", async () => {
    const answer = await create({
      name: "Brand new",
      categories: ["SURVEY", "OTHER"],
      endpoint_uri: "https://example.com/new",
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      code: "WA200",
      message: "Request Processed Successfully",
      data: { id: expect.stringMatching(/^[1-9][0-9]{15}$/), success: true },
      error: {},
    });
    const id = answer.json.data.id as string;
    expect(emulator.getFlow(SID, id)).toEqual({
      id,
      name: "Brand new",
      categories: ["SURVEY", "OTHER"],
      endpoint_uri: "https://example.com/new",
      status: "DRAFT",
    });
    const details = await get(`${id}?fields=name,categories,endpoint_uri,status`);
    expect(details.json.data).toEqual({
      id,
      name: "Brand new",
      categories: ["SURVEY", "OTHER"],
      endpoint_uri: "https://example.com/new",
      status: "DRAFT",
    });
    const listed = await get(`${WABA}/flows?fields=name`);
    expect(listed.json.data.data.map((f: Json) => f.id)).toEqual([EXISTING, id]); // added at the end
  });

  test("ids are unique: many creates, no two alike", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) ids.add((await create({ name: `n${i}`, categories: ["OTHER"] })).json.data.id);
    expect(ids.size).toBe(30);
    expect(ids.has(EXISTING)).toBe(false);
  });

  test("with flow_json: stored, validated, and validation_errors answered (here [] and then a list)", async () => {
    const valid = await create({ name: "With JSON", categories: ["OTHER"], flow_json: VALID_JSON });
    expect(valid.json.data).toEqual({ id: expect.any(String), success: true, validation_errors: [] });
    expect(emulator.getFlow(SID, valid.json.data.id)).toMatchObject({
      flowJson: VALID_JSON,
      validationErrors: [],
      uploads: 1,
    });

    const invalid = await create({ name: "Bad JSON", categories: ["OTHER"], flow_json: '{"version": "1.0"}' });
    expect(invalid.status).toBe(200);
    expect(invalid.json.data.validation_errors.map((e: Json) => e.error)).toEqual([
      "INVALID_VERSION",
      "MISSING_REQUIRED_PROPERTY",
    ]);
    expect(emulator.getFlow(SID, invalid.json.data.id)!.status).toBe("DRAFT");
  });

  test('createShape "idOnly": {id} alone, as older Meta samples show, even with flow_json', async () => {
    emulator.setCreateShape(SID, "idOnly");
    const answer = await create({ name: "Old style", categories: ["OTHER"], flow_json: VALID_JSON });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ id: expect.stringMatching(/^[0-9]{16}$/) });
    expect(emulator.getFlow(SID, answer.json.data.id)).toBeDefined();
  });

  test('detailsShape "bare": Meta\'s object with no envelope', async () => {
    emulator.patchAccount(SID, { detailsShape: "bare" });
    const answer = await create({ name: "Bare", categories: ["OTHER"] });
    expect(answer.json).toEqual({ id: expect.any(String), success: true });
  });

  test("publish true with a valid Flow JSON: created PUBLISHED", async () => {
    const answer = await create({ name: "Live", categories: ["OTHER"], flow_json: VALID_JSON, publish: true });
    expect(answer.status).toBe(200);
    expect(emulator.getFlow(SID, answer.json.data.id)!.status).toBe("PUBLISHED");
  });

  test("publish refused (139002): validation errors, no Flow JSON, no endpoint; nothing created", async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: "P1", categories: ["OTHER"], flow_json: "{}", publish: true }, /validation errors remain/],
      [{ name: "P2", categories: ["OTHER"], publish: true }, /no Flow JSON/],
      [{ name: "P3", categories: ["OTHER"], flow_json: WITH_DATA_API, publish: true }, /no endpoint_uri/],
    ];
    for (const [body, message] of cases) {
      const answer = await create(body);
      expect(answer.status).toBe(400);
      expect(answer.json.code).toBe("WA-400");
      expect(answer.json.error.code).toBe(139002);
      expect(answer.json.message).toMatch(message);
    }
    expect(flowCount()).toBe(2);
    const withEndpoint = await create({
      name: "P4",
      categories: ["OTHER"],
      flow_json: WITH_DATA_API,
      endpoint_uri: "https://example.com/data",
      publish: true,
    });
    expect(emulator.getFlow(SID, withEndpoint.json.data.id)!.status).toBe("PUBLISHED");
  });

  test("clone_flow_id copies the source's Flow JSON unless flow_json is given; an unknown source is 100", async () => {
    const clone = await create({ name: "Clone", categories: ["OTHER"], clone_flow_id: EXISTING });
    expect(clone.json.data).toEqual({ id: expect.any(String), success: true }); // no flow_json: no list
    const cloned = emulator.getFlow(SID, clone.json.data.id)!;
    expect(cloned.flowJson).toBe(VALID_JSON);
    expect(cloned.uploads).toBeUndefined(); // copied, not uploaded

    const own = await create({ name: "Clone 2", categories: ["OTHER"], clone_flow_id: EXISTING, flow_json: "{}" });
    expect(emulator.getFlow(SID, own.json.data.id)!.flowJson).toBe("{}");

    for (const source of ["9999999999999999", IN_OTHER_WABA]) {
      const bad = await create({ name: "Clone 3", categories: ["OTHER"], clone_flow_id: source });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: 100 });
      expect(bad.json.message).toContain('"clone_flow_id"');
    }
  });
});

describe("refusals", () => {
  test("a name already used in the WABA: Meta's 100 'Flow name is not unique'; nothing created", async () => {
    const answer = await create({ name: "Taken", categories: ["OTHER"] });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: "WA-400",
      message: "Flow name is not unique",
      data: {},
      error: {
        message: "Flow name is not unique",
        type: "OAuthException",
        code: 100,
        error_user_title: "Flow name is not unique",
        error_user_msg: expect.stringContaining(EXISTING),
        fbtrace_id: expect.any(String),
      },
    });
    expect(flowCount()).toBe(2);
  });

  test("the same name in another WABA of the account is fine: names are unique per WABA", async () => {
    expect((await create({ name: "Taken", categories: ["OTHER"] }, { waba: OTHER_WABA })).status).toBe(200);
    expect((await create({ name: "Elsewhere", categories: ["OTHER"] }, { waba: OTHER_WABA })).status).toBe(400);
  });

  test('errorShape "meta": the same refusal as Meta\'s bare {error}', async () => {
    emulator.setErrorShape(SID, "meta");
    const answer = await create({ name: "Taken", categories: ["OTHER"] });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json)).toEqual(["error"]);
    expect(answer.json.error).toMatchObject({ message: "Flow name is not unique", type: "OAuthException", code: 100 });
  });

  test.each([
    ["not JSON", "name=x", "the body must be a JSON object"],
    ["a JSON array", "[]", "the body must be a JSON object"],
    ["no name", { categories: ["OTHER"] }, '"name" is required'],
    ["a blank name", { name: "  ", categories: ["OTHER"] }, '"name" must be a string of 1 to 200 characters'],
    ["a 201-character name", { name: "x".repeat(201), categories: ["OTHER"] }, '"name" must be a string of 1 to 200'],
    ["no categories", { name: "x" }, '"categories" is required'],
    ["empty categories", { name: "x", categories: [] }, '"categories" must be a non-empty array'],
    [
      "an unknown category",
      { name: "x", categories: ["OTHER", "NEWS"] },
      '"categories[1]": "NEWS" is not a flow category',
    ],
    ["an http endpoint", { name: "x", categories: ["OTHER"], endpoint_uri: "http://e.com" }, '"endpoint_uri" must be'],
    ["flow_json an object", { name: "x", categories: ["OTHER"], flow_json: {} }, '"flow_json" must be a string'],
    ["publish a string", { name: "x", categories: ["OTHER"], publish: "yes" }, '"publish" must be true or false'],
    ["clone_flow_id letters", { name: "x", categories: ["OTHER"], clone_flow_id: "abc" }, '"clone_flow_id" must be'],
    ["an unknown parameter", { name: "x", categories: ["OTHER"], flowJson: "{}" }, '"flowJson" is not a Create Flow'],
  ])("%s: 100, the message naming the parameter", async (_name, body, message) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 100,
      type: "OAuthException",
      error_user_title: "Invalid parameter",
    });
    expect(answer.json.message).toContain(message);
    expect(answer.json.message).toBe(answer.json.error.message);
    expect(flowCount()).toBe(2);
  });

  test("a 200-character name is fine", async () => {
    expect((await create({ name: "y".repeat(200), categories: ["OTHER"] })).status).toBe(200);
  });

  test("a flow_json over 10 MB: 139001 'Flow JSON is too large'", async () => {
    const big = VALID_JSON + " ".repeat(10 * 1024 * 1024);
    const answer = await create({ name: "Huge", categories: ["OTHER"], flow_json: big });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 139001, message: "Flow JSON is too large" });
    expect(flowCount()).toBe(2);
  });
});
