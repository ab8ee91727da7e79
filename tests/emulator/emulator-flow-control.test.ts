/**
 * The control API's side of the lifecycle (a flow's Flow JSON, validation errors and upload
 * count; `PUT .../flow-json` drift; the new account and flow settings; seeds with `flowJson`),
 * Get Flow Details' new fields (validation_errors / validation_error, json_version,
 * data_api_version, preview), and fault rules selected by `route`.
 */
import {
  EmulatorClock,
  EmulatorControl,
  EmulatorControlError,
  PREVIEW_LIFETIME_MS,
  RunningEmulator,
  SeedFile,
  startEmulator,
  SYSTEM_CLOCK,
  validateSeed,
} from "../../emulator";

const SID = "HXCTRL0001";
const KEY = "Actrl00000000000000000000000000001";
const WABA = "1110000000000000";
const DRAFT = "1110000000000001";
const PUBLISHED = "1110000000000002";
const EMPTY = "1110000000000003";
const screen = { id: "ONLY", terminal: true, layout: { type: "SingleColumnLayout", children: [] } };
const VALID = JSON.stringify({ version: "7.2", data_api_version: "3.0", routing_model: {}, screens: [screen] });

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      flows: [
        { id: DRAFT, name: "Draft", flowJson: VALID, endpoint_uri: "https://example.com/d" },
        { id: PUBLISHED, name: "Published", status: "PUBLISHED", flowJson: VALID, endpoint_uri: "https://e.com/p" },
        { id: EMPTY, name: "Empty" },
      ],
    },
  ],
};

/** A clock the test sets: preview expiry is checked against it, never against the wall clock. */
class SetClock implements EmulatorClock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  delay(ms: number, callback: () => void): () => void {
    return SYSTEM_CLOCK.delay(ms, callback);
  }
}

const START = Date.UTC(2026, 0, 15, 9, 30, 0);
const clock = new SetClock(START);
let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true, clock });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.loadSeed(SEED);
  clock.time = START;
});

type Json = Record<string, any>;

async function v2(method: string, path: string) {
  const response = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${path}`, { method, headers: { "api-key": KEY } });
  return { status: response.status, json: (await response.json()) as Json };
}

const details = async (flow: string, fields: string) => (await v2("GET", `${flow}?fields=${fields}`)).json.data;

describe("the control API shows and sets a flow's Flow JSON", () => {
  test("GET a flow: flowJson, validationErrors (full shape) and, after an API upload, uploads", async () => {
    expect(await control.getFlow(SID, DRAFT)).toEqual({
      id: DRAFT,
      name: "Draft",
      endpoint_uri: "https://example.com/d",
      status: "DRAFT",
      flowJson: VALID,
      validationErrors: [],
    });
    expect(await control.getFlow(SID, EMPTY)).toEqual({ id: EMPTY, name: "Empty", status: "DRAFT" });

    const data = new FormData();
    data.set("file", new Blob(["{}"]), "flow.json");
    data.set("name", "flow.json");
    data.set("asset_type", "FLOW_JSON");
    await fetch(`${emulator.url}/v2/${SID}/whatsapp/${EMPTY}/assets`, {
      method: "POST",
      headers: { "api-key": KEY },
      body: data,
    });
    const uploaded = (await control.getFlow(SID, EMPTY))!;
    expect(uploaded).toMatchObject({ flowJson: "{}", uploads: 1 });
    expect(uploaded.validationErrors!.map((e) => e.error)).toEqual([
      "MISSING_REQUIRED_PROPERTY",
      "MISSING_REQUIRED_PROPERTY",
    ]);
    expect(uploaded.validationErrors![0]).toMatchObject({ line_start: 1, column_start: 1, pointers: [{ path: "" }] });
  });

  test("PUT .../flow-json (drift): re-validated, status unchanged, uploads not counted", async () => {
    const raw = await fetch(`${emulator.url}/__emulator/flows/${SID}/${PUBLISHED}/flow-json`, {
      method: "PUT",
      body: '{"version": "7.3", "screens": [',
    });
    expect(raw.status).toBe(200);
    const view = (await raw.json()) as Json;
    expect(view).toMatchObject({ id: PUBLISHED, status: "PUBLISHED", flowJson: '{"version": "7.3", "screens": [' });
    expect(view.validationErrors.map((e: Json) => e.error)).toEqual(["INVALID_JSON"]);
    expect(view).not.toHaveProperty("uploads");
    // The API sees the drift: details report the errors of the new text.
    expect((await details(PUBLISHED, "status,validation_errors")).validation_errors[0].error).toBe("INVALID_JSON");
  });

  test("the typed client and the in-process accessor do the same; 404 for an unknown flow", async () => {
    const view = await control.setFlowJson(SID, DRAFT, VALID.replace("7.2", "7.3"));
    expect(view.flowJson).toContain('"7.3"');
    expect((await details(DRAFT, "json_version")).json_version).toBe("7.3");
    expect(emulator.setFlowJson(SID, DRAFT, "[]").validationErrors![0].error).toBe("INVALID_PROPERTY_TYPE");
    await expect(control.setFlowJson(SID, "999", "{}")).rejects.toMatchObject({ status: 404 });
    expect(() => emulator.setFlowJson("NOPE", DRAFT, "{}")).toThrow(/no account NOPE/);
    const wrong = await fetch(`${emulator.url}/__emulator/flows/${SID}/${DRAFT}/flow-json`, { method: "POST" });
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "PUT"]);
  });

  test("a Flow JSON over the control API's usual 1 MiB is accepted on this route", async () => {
    const big = VALID + " ".repeat(3 * 1024 * 1024);
    expect((await control.setFlowJson(SID, DRAFT, big)).validationErrors).toEqual([]);
  });

  test("PATCH a flow's validationStyle; null removes it", async () => {
    await control.setValidationStyle(SID, "messageOnly", DRAFT);
    expect((await control.getFlow(SID, DRAFT))!.validationStyle).toBe("messageOnly");
    await control.setValidationStyle(SID, null, DRAFT);
    expect(await control.getFlow(SID, DRAFT)).not.toHaveProperty("validationStyle");
  });
});

describe("account settings: errorShape, createShape, validationStyle", () => {
  test("shown only once set; PATCH, the typed client and the in-process accessors set them", async () => {
    expect(await control.getAccount(SID)).not.toHaveProperty("errorShape");
    await control.patchAccount(SID, { errorShape: "meta", createShape: "idOnly", validationStyle: "messageOnly" });
    expect(await control.getAccount(SID)).toMatchObject({
      errorShape: "meta",
      createShape: "idOnly",
      validationStyle: "messageOnly",
    });
    await control.setErrorShape(SID, "kaleyra");
    await control.setCreateShape(SID, "full");
    await control.setValidationStyle(SID, "full");
    expect(emulator.getAccount(SID)).toMatchObject({
      errorShape: "kaleyra",
      createShape: "full",
      validationStyle: "full",
    });
  });

  test("bad values are refused with 400, naming the field", async () => {
    const bad = await fetch(`${emulator.url}/__emulator/accounts/${SID}`, {
      method: "PATCH",
      body: JSON.stringify({ errorShape: "graph" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toMatch(/errorShape: must be one of "meta", "kaleyra", got "graph"/);
    await expect(control.setCreateShape(SID, "short" as never)).rejects.toBeInstanceOf(EmulatorControlError);
    expect(() => emulator.setValidationStyle(SID, "terse" as never)).toThrow(/must be one of "full", "messageOnly"/);
    expect(() => emulator.setValidationStyle(SID, null)).toThrow(/validationStyle/); // an account's has a default
  });

  test("the seed takes them, and flows with flowJson (a string); each problem named", () => {
    const valid = validateSeed({
      accounts: [
        {
          sid: "HX1",
          apiKey: "k",
          errorShape: "meta",
          createShape: "idOnly",
          validationStyle: "messageOnly",
          flows: [{ id: "1", flowJson: "not even JSON", validationStyle: "full" }],
        },
      ],
    });
    expect(valid.accounts[0]).toMatchObject({
      errorShape: "meta",
      createShape: "idOnly",
      validationStyle: "messageOnly",
    });
    expect(valid.accounts[0].flows[0]).toEqual({
      id: "1",
      status: "DRAFT",
      validationStyle: "full",
      flowJson: "not even JSON",
    });
    expect(() =>
      validateSeed({
        accounts: [
          { sid: "HX1", apiKey: "k", createShape: "tiny", flows: [{ id: "1", flowJson: { version: "7.3" } }] },
        ],
      }),
    ).toThrow(
      'seed: accounts[0].createShape: must be one of "full", "idOnly", got "tiny"\n' +
        "seed: accounts[0].flows[0].flowJson: must be a Flow JSON as a string (its text, not an object), got an object",
    );
  });

  test("a seeded Flow JSON is validated at load: its errors show at once", () => {
    emulator.loadSeed({ accounts: [{ sid: "HXS", apiKey: "k", flows: [{ id: "5", flowJson: '{"version": "1"}' }] }] });
    expect(emulator.getFlow("HXS", "5")!.validationErrors!.map((e) => e.error)).toEqual([
      "INVALID_VERSION",
      "MISSING_REQUIRED_PROPERTY",
    ]);
  });
});

describe("Get Flow Details: the new fields", () => {
  test("json_version and data_api_version from the Flow JSON; none without one", async () => {
    expect(await details(DRAFT, "json_version,data_api_version")).toEqual({
      id: DRAFT,
      json_version: "7.2",
      data_api_version: "3.0",
    });
    expect(await details(EMPTY, "json_version,data_api_version")).toEqual({ id: EMPTY });
  });

  test("validation_error (Kaleyra's spelling) answers under the name asked for; both names at once work", async () => {
    emulator.setFlowJson(SID, DRAFT, "{}");
    const one = await details(DRAFT, "validation_error");
    expect(Object.keys(one)).toEqual(["id", "validation_error"]);
    expect(one.validation_error).toHaveLength(2);
    const both = await details(DRAFT, "validation_errors,validation_error");
    expect(both.validation_errors).toEqual(both.validation_error);
    expect(await details(EMPTY, "validation_error")).toEqual({ id: EMPTY, validation_error: [] });
  });

  test("the default fields carry the real validation_errors", async () => {
    emulator.setFlowJson(SID, DRAFT, "[]");
    const data = (await v2("GET", DRAFT)).json.data;
    expect(Object.keys(data)).toEqual(["id", "name", "status", "validation_errors"]);
    expect(data.validation_errors[0].error).toBe("INVALID_PROPERTY_TYPE");
  });

  test("a double-encoded comma (%252C, as Kaleyra's samples send) separates fields too", async () => {
    expect(await details(DRAFT, "name%252Cjson_version")).toEqual({ id: DRAFT, name: "Draft", json_version: "7.2" });
  });

  test("preview: the same link until invalidate(true) or expiry, expiring 30 days on", async () => {
    const first = (await details(DRAFT, "preview.invalidate(false)")).preview;
    expect(first).toEqual({
      preview_url: expect.stringMatching(
        new RegExp(`^https://business\\.facebook\\.com/wa/manage/flows/${DRAFT}/preview/\\?token=[0-9a-f-]{36}$`),
      ),
      expires_at: "2026-02-14T09:30:00+0000",
    });
    expect(START + PREVIEW_LIFETIME_MS).toBe(Date.UTC(2026, 1, 14, 9, 30, 0));
    expect((await details(DRAFT, "preview")).preview).toEqual(first);

    const renewed = (await details(DRAFT, "name,preview.invalidate(true)")).preview;
    expect(renewed.preview_url).not.toBe(first.preview_url);
    expect((await details(DRAFT, "preview.invalidate(false)")).preview).toEqual(renewed);

    clock.time = START + PREVIEW_LIFETIME_MS; // expired now
    const later = (await details(DRAFT, "preview.invalidate(false)")).preview;
    expect(later.preview_url).not.toBe(renewed.preview_url);
    expect(later.expires_at).toBe("2026-03-16T09:30:00+0000");
  });

  test("no Flow JSON, no preview (nothing to show)", async () => {
    expect(await details(EMPTY, "preview.invalidate(false)")).toEqual({ id: EMPTY });
  });

  test("the list shows the same fields per flow", async () => {
    const list = (await v2("GET", `${WABA}/flows?fields=json_version,validation_errors`)).json.data.data;
    expect(list).toEqual([
      { id: DRAFT, json_version: "7.2", validation_errors: [] },
      { id: PUBLISHED, json_version: "7.2", validation_errors: [] },
      { id: EMPTY, validation_errors: [] },
    ]);
  });
});

describe("faults selected by route", () => {
  const routes: [string, string, string][] = [
    ["details", "GET", DRAFT],
    ["update", "POST", DRAFT],
    ["delete", "DELETE", EMPTY],
    ["list", "GET", `${WABA}/flows`],
    ["create", "POST", `${WABA}/flows`],
    ["assets", "GET", `${DRAFT}/assets`],
    ["publish", "POST", `${DRAFT}/publish`],
    ["deprecate", "POST", `${PUBLISHED}/deprecate`],
  ];

  test.each(routes.map(([route]) => route))("route %s: only that endpoint is hit", async (route) => {
    emulator.addFault({ type: "error500", route: route as never });
    for (const [other, otherMethod, otherPath] of routes) {
      const answer = await v2(otherMethod, otherPath);
      if (other === route) expect(answer).toMatchObject({ status: 500, json: { code: "WA-500" } });
      else expect(answer.status).not.toBe(500);
      emulator.loadSeed(SEED); // undo what the request did, keep going from the same state
      emulator.addFault({ type: "error500", route: route as never });
    }
    expect(emulator.faults()).toEqual([{ id: expect.any(String), type: "error500", route }]);
  });

  test("route with method: assets POST (Update Flow JSON) apart from assets GET; DELETE is a method now", async () => {
    emulator.addFault({ type: "rateLimit", route: "assets", method: "POST", retryAfter: 3 });
    expect((await v2("GET", `${DRAFT}/assets`)).status).toBe(200);
    expect((await v2("POST", `${DRAFT}/assets`)).status).toBe(429);
    emulator.clearFaults();
    emulator.addFault({ type: "html502", method: "DELETE", flowId: EMPTY });
    const response = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${EMPTY}`, {
      method: "DELETE",
      headers: { "api-key": KEY },
    });
    expect([response.status, response.headers.get("content-type")]).toEqual([502, "text/html"]);
    expect(emulator.getFlow(SID, EMPTY)).toBeDefined();
  });

  test("a flowId rule without route hits the flow's new endpoints too", async () => {
    emulator.addFault({ type: "error500", flowId: DRAFT, times: 3 });
    expect((await v2("POST", `${DRAFT}/publish`)).status).toBe(500);
    expect((await v2("GET", `${DRAFT}/assets`)).status).toBe(500);
    expect((await v2("GET", DRAFT)).status).toBe(500);
    expect((await v2("GET", DRAFT)).status).toBe(200);
  });

  test("an unknown route, or an unknown method, is refused naming the field", async () => {
    const answer = await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ type: "error500", route: "assets-upload" }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Json).error).toMatch(/route: must be one of "details", "update", "delete"/);
    expect(() => emulator.addFault({ type: "error500", method: "PUT" as never })).toThrow(
      /method: must be "GET", "POST" or "DELETE"/,
    );
  });
});
