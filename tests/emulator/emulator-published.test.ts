/**
 * Update Flow Metadata on a PUBLISHED (or THROTTLED) flow, which Meta's pages describe two
 * ways: refused, or applied with the flow put back to DRAFT. Both modes, per account and
 * per flow, changed at run time; and the control API's publish and deprecate.
 */
import {
  DEMO_SEED,
  EmulatorControl,
  EmulatorControlError,
  EmulatorError,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_PAYLOAD_BODY,
  publishedFlowBody,
  RunningEmulator,
  SeedFile,
  startEmulator,
  SUCCESS_BODY,
} from "../../emulator";

const REFUSING = { sid: "HXREFUSE01", apiKey: "Arefuse00000000000000000000000001" };
const REVERTING = { sid: "HXREVERT01", apiKey: "Arevert00000000000000000000000001" };
const F = {
  published: "1000000000000001",
  throttled: "1000000000000002",
  draft: "1000000000000003",
  revertsAlone: "1000000000000004",
  deprecated: "1000000000000005",
  blocked: "1000000000000006",
  revPublished: "2000000000000001",
  revThrottled: "2000000000000002",
  refusesAlone: "2000000000000003",
  revBlocked: "2000000000000004",
};

const SEED: SeedFile = {
  accounts: [
    {
      ...REFUSING, // publishedUpdate left out: "refuse" is the default
      flows: [
        { id: F.published, name: "Published", categories: ["SIGN_UP"], status: "PUBLISHED" },
        { id: F.throttled, name: "Throttled", status: "THROTTLED" },
        { id: F.draft, name: "Draft" },
        { id: F.revertsAlone, name: "Reverts alone", status: "PUBLISHED", publishedUpdate: "revert-to-draft" },
        { id: F.deprecated, name: "Deprecated", status: "DEPRECATED" },
        { id: F.blocked, name: "Blocked", status: "BLOCKED" },
      ],
    },
    {
      ...REVERTING,
      publishedUpdate: "revert-to-draft",
      flows: [
        {
          id: F.revPublished,
          name: "Published",
          categories: ["SURVEY"],
          endpoint_uri: "https://example.com/old",
          status: "PUBLISHED",
        },
        { id: F.revThrottled, name: "Throttled", status: "THROTTLED" },
        { id: F.refusesAlone, name: "Refuses alone", status: "PUBLISHED", publishedUpdate: "refuse" },
        { id: F.revBlocked, name: "Blocked", status: "BLOCKED" },
      ],
    },
  ],
};

let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

async function post(account: { sid: string; apiKey: string }, flow: string, body: unknown) {
  const response = await fetch(`${emulator.url}/v2/${account.sid}/whatsapp/${flow}`, {
    method: "POST",
    headers: { "api-key": account.apiKey },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

async function control_(method: string, urlPath: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__emulator${urlPath}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

describe("refuse (the default)", () => {
  test("a PUBLISHED flow: 400, the WA-400 naming it and what to do, byte for byte; nothing changes", async () => {
    const answer = await post(REFUSING, F.published, { name: "New", categories: ["OTHER"] });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: "WA-400",
      message: "Flow metadata cannot be updated while the flow is PUBLISHED",
      data: {},
      error: { flow_id: `Flow ${F.published} is PUBLISHED; clone it into a new draft flow to change its metadata.` },
    });
    expect(answer.json).toEqual(publishedFlowBody(F.published, "PUBLISHED"));
    expect(answer.text).toBe(JSON.stringify(answer.json, null, 4));
    expect(emulator.getFlow(REFUSING.sid, F.published)).toEqual({
      id: F.published,
      name: "Published",
      categories: ["SIGN_UP"],
      status: "PUBLISHED",
    });
  });

  test("a THROTTLED flow: the same, saying THROTTLED", async () => {
    const answer = await post(REFUSING, F.throttled, { name: "New" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: "WA-400",
      message: "Flow metadata cannot be updated while the flow is THROTTLED",
      data: {},
      error: { flow_id: `Flow ${F.throttled} is THROTTLED; clone it into a new draft flow to change its metadata.` },
    });
    expect(emulator.getFlow(REFUSING.sid, F.throttled)).toMatchObject({ name: "Throttled", status: "THROTTLED" });
  });

  test("a bad payload is still the payload's WA-400 (the payload is checked first)", async () => {
    expect((await post(REFUSING, F.published, { name: "" })).json).toEqual(INCORRECT_PAYLOAD_BODY);
  });

  test("a DRAFT flow of the same account accepts", async () => {
    expect((await post(REFUSING, F.draft, { name: "New" })).json).toEqual(SUCCESS_BODY);
  });

  test("a flow's own revert-to-draft overrides its account's refuse", async () => {
    const answer = await post(REFUSING, F.revertsAlone, { name: "New" });
    expect([answer.status, answer.json]).toEqual([200, SUCCESS_BODY]);
    expect(emulator.getFlow(REFUSING.sid, F.revertsAlone)).toMatchObject({ name: "New", status: "DRAFT" });
  });
});

describe("revert-to-draft", () => {
  test("a PUBLISHED flow: 200, the sent fields applied, the flow DRAFT (and GET says so)", async () => {
    const answer = await post(REVERTING, F.revPublished, {
      name: "Published v2",
      endpoint_uri: "https://example.com/new",
    });
    expect([answer.status, answer.json]).toEqual([200, SUCCESS_BODY]);
    expect(emulator.getFlow(REVERTING.sid, F.revPublished)).toEqual({
      id: F.revPublished,
      name: "Published v2",
      categories: ["SURVEY"],
      endpoint_uri: "https://example.com/new",
      status: "DRAFT",
    });
    const details = await fetch(`${emulator.url}/v2/${REVERTING.sid}/whatsapp/${F.revPublished}?fields=status`, {
      headers: { "api-key": REVERTING.apiKey },
    });
    expect(((await details.json()) as { data: unknown }).data).toEqual({ id: F.revPublished, status: "DRAFT" });
    // Now a draft: the next update is an ordinary one.
    expect((await post(REVERTING, F.revPublished, { name: "Published v3" })).status).toBe(200);
    expect(emulator.getFlow(REVERTING.sid, F.revPublished)).toMatchObject({ name: "Published v3", status: "DRAFT" });
  });

  test("a THROTTLED flow becomes DRAFT too", async () => {
    expect((await post(REVERTING, F.revThrottled, { categories: ["OTHER"] })).status).toBe(200);
    expect(emulator.getFlow(REVERTING.sid, F.revThrottled)).toMatchObject({ categories: ["OTHER"], status: "DRAFT" });
  });

  test("a flow's own refuse overrides its account's revert-to-draft", async () => {
    const answer = await post(REVERTING, F.refusesAlone, { name: "New" });
    expect([answer.status, answer.json]).toEqual([400, publishedFlowBody(F.refusesAlone, "PUBLISHED")]);
  });

  test("a bad payload changes nothing, status included", async () => {
    expect((await post(REVERTING, F.revPublished, { categories: [] })).json).toEqual(INCORRECT_PAYLOAD_BODY);
    expect(emulator.getFlow(REVERTING.sid, F.revPublished)!.status).toBe("PUBLISHED");
  });
});

describe("DEPRECATED and BLOCKED refuse in either mode", () => {
  test.each([
    [REFUSING, F.deprecated, "DEPRECATED"],
    [REFUSING, F.blocked, "BLOCKED"],
    [REVERTING, F.revBlocked, "BLOCKED"],
  ] as const)("%j %s (%s)", async (account, flow, status) => {
    const answer = await post(account, flow, { name: "New" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: "WA-400",
      message: "Flow metadata cannot be updated in its current status",
      data: {},
      error: { flow_id: `Flow ${flow} is ${status}; its metadata cannot be updated.` },
    });
    expect(emulator.getFlow(account.sid, flow)!.status).toBe(status);
  });
});

describe("changing the mode at run time", () => {
  test("in process, for the account: refuse → revert-to-draft → refuse", async () => {
    emulator.setPublishedUpdate(REFUSING.sid, "revert-to-draft");
    expect(emulator.getAccount(REFUSING.sid)!.publishedUpdate).toBe("revert-to-draft");
    expect((await post(REFUSING, F.published, { name: "New" })).status).toBe(200);
    expect(emulator.getFlow(REFUSING.sid, F.published)!.status).toBe("DRAFT");
    emulator.setPublishedUpdate(REFUSING.sid, "refuse");
    expect((await post(REFUSING, F.throttled, { name: "New" })).status).toBe(400);
  });

  test("in process, for one flow; null removes the flow's own setting", async () => {
    emulator.setPublishedUpdate(REFUSING.sid, "revert-to-draft", F.published);
    expect(emulator.getFlow(REFUSING.sid, F.published)!.publishedUpdate).toBe("revert-to-draft");
    expect((await post(REFUSING, F.throttled, { name: "x" })).status).toBe(400); // other flows: still the account's
    emulator.setPublishedUpdate(REFUSING.sid, null, F.revertsAlone);
    expect(emulator.getFlow(REFUSING.sid, F.revertsAlone)).not.toHaveProperty("publishedUpdate");
    expect((await post(REFUSING, F.revertsAlone, { name: "x" })).status).toBe(400); // now the account's refuse
    expect((await post(REFUSING, F.published, { name: "x" })).status).toBe(200);
  });

  test("over HTTP: PATCH /accounts/<sid> and PATCH /flows/<sid>/<id>, or EmulatorControl.setPublishedUpdate", async () => {
    const patched = await control_("PATCH", `/accounts/${REVERTING.sid}`, { publishedUpdate: "refuse" });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ sid: REVERTING.sid, publishedUpdate: "refuse" });
    expect(patched.json).not.toHaveProperty("apiKey");
    expect((await post(REVERTING, F.revPublished, { name: "x" })).status).toBe(400);

    await control.setPublishedUpdate(REVERTING.sid, "revert-to-draft", F.revPublished);
    expect((await post(REVERTING, F.revPublished, { name: "x" })).status).toBe(200);
    await control.setPublishedUpdate(REVERTING.sid, "revert-to-draft");
    expect((await control.getAccount(REVERTING.sid))!.publishedUpdate).toBe("revert-to-draft");
    await control.setPublishedUpdate(REVERTING.sid, null, F.refusesAlone);
    expect((await post(REVERTING, F.refusesAlone, { name: "x" })).status).toBe(200);

    const viaFlowPatch = await control_("PATCH", `/flows/${REFUSING.sid}/${F.throttled}`, {
      publishedUpdate: "revert-to-draft",
    });
    expect(viaFlowPatch.json).toEqual({
      id: F.throttled,
      name: "Throttled",
      status: "THROTTLED",
      publishedUpdate: "revert-to-draft",
    });
  });

  test("bad input names the field; unknown accounts and flows are 404; an account cannot have null", async () => {
    const bad = await control_("PATCH", `/accounts/${REFUSING.sid}`, { publishedUpdate: "allow" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe(
      `PATCH /__emulator/accounts/${REFUSING.sid}: publishedUpdate: must be one of "refuse", "revert-to-draft", got "allow"`,
    );
    expect((await control_("PATCH", `/accounts/NOPE`, { publishedUpdate: "refuse" })).status).toBe(404);
    expect(() => emulator.setPublishedUpdate(REFUSING.sid, "sometimes" as never)).toThrow(
      /publishedUpdate: must be one of "refuse", "revert-to-draft", got "sometimes"/,
    );
    expect(() => emulator.setPublishedUpdate(REFUSING.sid, null)).toThrow(/publishedUpdate: must be one of/);
    expect(() => emulator.setPublishedUpdate(REFUSING.sid, "refuse", "999")).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    await expect(control.setPublishedUpdate("NOPE", "refuse")).rejects.toMatchObject({ status: 404 });
    expect(emulator.getAccount(REFUSING.sid)!.publishedUpdate).toBe("refuse");
  });

  test("the seed validates the setting on accounts and flows", () => {
    expect(() => emulator.loadSeed({ accounts: [{ ...REFUSING, publishedUpdate: "REFUSE" as never }] })).toThrow(
      'seed: accounts[0].publishedUpdate: must be one of "refuse", "revert-to-draft", got "REFUSE"',
    );
    expect(() =>
      emulator.loadSeed({ accounts: [{ ...REFUSING, flows: [{ id: "1", publishedUpdate: null as never }] }] }),
    ).toThrow(/accounts\[0\]\.flows\[0\]\.publishedUpdate: must be one of/);
  });
});

describe("publish and deprecate through the control API", () => {
  test("POST .../publish: DRAFT → PUBLISHED; then updates follow the account's mode", async () => {
    const published = await control_("POST", `/flows/${REFUSING.sid}/${F.draft}/publish`);
    expect(published.status).toBe(200);
    expect(published.json).toEqual({ id: F.draft, name: "Draft", status: "PUBLISHED" });
    expect((await post(REFUSING, F.draft, { name: "x" })).json).toEqual(publishedFlowBody(F.draft, "PUBLISHED"));
  });

  test("POST .../deprecate: PUBLISHED or THROTTLED → DEPRECATED, which then refuses as frozen", async () => {
    expect((await control_("POST", `/flows/${REFUSING.sid}/${F.published}/deprecate`)).json).toMatchObject({
      status: "DEPRECATED",
    });
    expect((await control_("POST", `/flows/${REFUSING.sid}/${F.throttled}/deprecate`)).json).toMatchObject({
      status: "DEPRECATED",
    });
    expect((await post(REFUSING, F.published, { name: "x" })).json.message).toBe(
      "Flow metadata cannot be updated in its current status",
    );
  });

  test.each([
    ["publish", F.published, "PUBLISHED: only a DRAFT flow can be published"],
    ["publish", F.throttled, "THROTTLED: only a DRAFT flow can be published"],
    ["publish", F.deprecated, "DEPRECATED: only a DRAFT flow can be published"],
    [
      "deprecate",
      F.draft,
      "DRAFT: only a PUBLISHED or THROTTLED flow can be deprecated (a DRAFT flow is deleted, not deprecated)",
    ],
    ["deprecate", F.deprecated, "DEPRECATED: only a PUBLISHED or THROTTLED flow can be deprecated"],
    ["deprecate", F.blocked, "BLOCKED: only a PUBLISHED or THROTTLED flow can be deprecated"],
  ])("%s %s: 409 saying why, nothing changes", async (action, flow, reason) => {
    const before = emulator.getFlow(REFUSING.sid, flow);
    const answer = await control_("POST", `/flows/${REFUSING.sid}/${flow}/${action}`);
    expect(answer.status).toBe(409);
    expect(answer.json).toEqual({ error: `flow ${flow} is ${reason}` });
    expect(emulator.getFlow(REFUSING.sid, flow)).toEqual(before);
  });

  test("unknown flow or account: 404; another method: 405 with Allow POST; an unknown action: 404", async () => {
    expect((await control_("POST", `/flows/${REFUSING.sid}/999/publish`)).status).toBe(404);
    expect((await control_("POST", `/flows/NOPE/${F.draft}/publish`)).status).toBe(404);
    const wrong = await control_("GET", `/flows/${REFUSING.sid}/${F.draft}/publish`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect((await control_("POST", `/flows/${REFUSING.sid}/${F.draft}/archive`)).status).toBe(404);
  });

  test("in process: publishFlow and deprecateFlow, throwing EmulatorError 409", () => {
    expect(emulator.publishFlow(REFUSING.sid, F.draft)).toEqual({ id: F.draft, name: "Draft", status: "PUBLISHED" });
    expect(emulator.deprecateFlow(REFUSING.sid, F.draft)).toEqual({ id: F.draft, name: "Draft", status: "DEPRECATED" });
    let error: unknown;
    try {
      emulator.publishFlow(REFUSING.sid, F.draft);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorError);
    expect(error).toMatchObject({
      status: 409,
      message: `flow ${F.draft} is DEPRECATED: only a DRAFT flow can be published`,
    });
    expect(() => emulator.deprecateFlow(REFUSING.sid, "999")).toThrow(expect.objectContaining({ status: 404 }));
  });

  test("EmulatorControl: publishFlow and deprecateFlow, rejecting with status 409", async () => {
    expect(await control.publishFlow(REFUSING.sid, F.draft)).toMatchObject({ status: "PUBLISHED" });
    const error = await control.publishFlow(REFUSING.sid, F.draft).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect(error).toMatchObject({
      status: 409,
      message: `flow ${F.draft} is PUBLISHED: only a DRAFT flow can be published`,
    });
    expect(await control.deprecateFlow(REFUSING.sid, F.draft)).toMatchObject({ status: "DEPRECATED" });
    await expect(control.deprecateFlow(REFUSING.sid, "999")).rejects.toMatchObject({ status: 404 });
  });
});

describe("accounts over the control API", () => {
  test("GET /accounts/<sid>: the settings and flows, never the key; 404 when unknown", async () => {
    const answer = await control_("GET", `/accounts/${REVERTING.sid}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      sid: REVERTING.sid,
      flowApi: true,
      publishedUpdate: "revert-to-draft",
      pageSize: 25,
      listShape: "envelope",
      detailsShape: "envelope",
      flows: emulator.flows()[1].flows,
    });
    expect(JSON.stringify(answer.json)).not.toContain(REVERTING.apiKey);
    expect((await control_("GET", "/accounts/NOPE")).status).toBe(404);
    expect(await control.getAccount("NOPE")).toBeUndefined();
    expect(emulator.getAccount("NOPE")).toBeUndefined();
    expect((await control_("GET", "/accounts")).status).toBe(404);
  });

  test("PATCH can switch the Flow API off and on", async () => {
    await control.patchAccount(REFUSING.sid, { flowApi: false });
    expect((await post(REFUSING, F.draft, { name: "x" })).json.code).toBe("WA-401");
    emulator.patchAccount(REFUSING.sid, { flowApi: true });
    expect((await post(REFUSING, F.draft, { name: "x" })).status).toBe(200);
  });

  test("PATCH refuses unknown fields, naming them", async () => {
    const answer = await control_("PATCH", `/accounts/${REFUSING.sid}`, { apiKey: "Anew" });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(
      /apiKey: unknown field \(expected wabaId, flowApi, publishedUpdate, pageSize, listShape, detailsShape, errorShape, createShape, validationStyle\)/,
    );
  });
});

describe("the demo seed", () => {
  const [IN] = DEMO_SEED.accounts;
  const BOOKING = "1234567890123452";

  test("plays revert-to-draft, so updating its PUBLISHED booking flow succeeds as it always has", async () => {
    const demo = await startEmulator({ quiet: true });
    try {
      expect(demo.getAccount(IN.sid)!.publishedUpdate).toBe("revert-to-draft");
      const response = await fetch(`${demo.url}/v2/${IN.sid}/whatsapp/${BOOKING}`, {
        method: "POST",
        headers: { "api-key": IN.apiKey },
        body: '{"name": "Book a visit"}',
      });
      expect([response.status, await response.json()]).toEqual([200, SUCCESS_BODY]);
      expect(demo.getFlow(IN.sid, BOOKING)).toMatchObject({ name: "Book a visit", status: "DRAFT" });
      demo.setPublishedUpdate(IN.sid, "refuse");
      demo.publishFlow(IN.sid, BOOKING);
      const refused = await fetch(`${demo.url}/v2/${IN.sid}/whatsapp/${BOOKING}`, {
        method: "POST",
        headers: { "api-key": IN.apiKey },
        body: '{"name": "x"}',
      });
      expect([refused.status, await refused.json()]).toEqual([400, publishedFlowBody(BOOKING, "PUBLISHED")]);
      // Another account's flow is still the flow_id WA-401, whatever its status.
      const other = await fetch(`${demo.url}/v2/${IN.sid}/whatsapp/9876543210987651`, {
        method: "POST",
        headers: { "api-key": IN.apiKey },
        body: '{"name": "x"}',
      });
      expect(await other.json()).toEqual(FLOW_NOT_FOUND_BODY);
    } finally {
      await demo.close();
    }
  });
});
