/**
 * The control API under /__emulator, over HTTP (raw fetch and the typed EmulatorControl
 * client), and its in-process twin on RunningEmulator.
 */
import {
  DEMO_SEED,
  EmulatorControl,
  EmulatorControlError,
  FLOW_NOT_FOUND_BODY,
  RunningEmulator,
  SeedFile,
  startEmulator,
  SYSTEM_CLOCK,
} from "../../emulator";

const [IN, EU, NOFLOW] = DEMO_SEED.accounts;
const SIGN_UP = "1234567890123451";
const KEYS = DEMO_SEED.accounts.map((a) => a.apiKey);

// The emulator's clock reads whatever time a test sets: log times can then be asserted exactly.
let now = Date.now();
let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true, clock: { ...SYSTEM_CLOCK, now: () => now } });
  control = new EmulatorControl(`${emulator.url}/`); // a trailing slash is tolerated
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

function post(flow: string, body: unknown, key = IN.apiKey, sid = IN.sid) {
  return fetch(`${emulator.url}/v2/${sid}/whatsapp/${flow}`, {
    method: "POST",
    headers: { "api-key": key, "X-Trace": "T1" },
    body: JSON.stringify(body),
  });
}

async function raw(method: string, urlPath: string, body?: string) {
  const response = await fetch(`${emulator.url}/__emulator${urlPath}`, { method, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

test("health", async () => {
  expect(await raw("GET", "/health")).toMatchObject({ status: 200, json: { ok: true } });
  expect(await control.health()).toBe(true);
  expect(await new EmulatorControl("http://127.0.0.1:9").health()).toBe(false);
});

describe("request log", () => {
  test("records each /v2 request with its parts, the api-key masked", async () => {
    now = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    await (await post(SIGN_UP, { name: "Logged" })).text();
    await (
      await fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}?fields=name&x=1`, {
        headers: { "api-key": IN.apiKey },
      })
    ).text();

    const { status, json } = await raw("GET", "/requests");
    expect(status).toBe(200);
    const [first, second] = json.requests;
    expect(first).toMatchObject({
      method: "POST",
      path: `/v2/${IN.sid}/whatsapp/${SIGN_UP}`,
      query: {},
      sid: IN.sid,
      flowId: SIGN_UP,
      body: JSON.stringify({ name: "Logged" }),
      status: 200,
    });
    expect(first.headers["api-key"]).toBe("***");
    expect(first.headers["x-trace"]).toBe("T1"); // names lower case
    expect(second.seq).toBe(first.seq + 1);
    expect(first.time).toBe("2025-01-02T03:04:05.678Z"); // the emulator's clock, as ISO 8601
    expect(second).toMatchObject({
      method: "GET",
      path: `/v2/${IN.sid}/whatsapp/${SIGN_UP}`,
      query: { fields: "name", x: "1" },
      body: "",
      status: 200,
    });
    expect(await control.requests()).toEqual(json.requests);
    expect(emulator.requests()).toEqual(json.requests);
  });

  test("no api key (right, wrong, or echoed in the body) appears anywhere in /requests or /flows", async () => {
    await (await post(SIGN_UP, { note: `key ${IN.apiKey} in body` })).text(); // a 400 that carries the key in the body
    await (await post(SIGN_UP, { name: "x" }, EU.apiKey)).text(); // another account's real key: RBC001
    await (await post("1", { name: "x" }, NOFLOW.apiKey, NOFLOW.sid)).text();
    const requests = (await raw("GET", "/requests")).text;
    const flows = (await raw("GET", "/flows")).text;
    for (const key of KEYS) {
      expect(requests).not.toContain(key);
      expect(flows).not.toContain(key);
    }
    expect(JSON.parse(requests).requests.map((r: { status: number }) => r.status)).toEqual([400, 401, 401]);
    expect(JSON.parse(requests).requests[0].body).toBe(JSON.stringify({ note: "key *** in body" }));
  });

  test("filters by sid, flowId and method (case-insensitive); no sid or flowId when the path has none", async () => {
    await (await post(SIGN_UP, { name: "a" })).text();
    await (await post(EU.flows[0].id, { name: "b" }, EU.apiKey, EU.sid)).text();
    await (
      await fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`, { headers: { "api-key": IN.apiKey } })
    ).text();
    await (await fetch(`${emulator.url}/v2`)).text();

    expect((await control.requests({ sid: EU.sid })).map((r) => r.flowId)).toEqual([EU.flows[0].id]);
    expect((await control.requests({ flowId: SIGN_UP })).map((r) => r.method)).toEqual(["POST", "GET"]);
    expect((await raw("GET", "/requests?method=get&sid=" + IN.sid)).json.requests).toHaveLength(1);
    expect(emulator.requests({ method: "post" })).toHaveLength(2);
    const bare = emulator.requests().at(-1)!;
    expect(bare.path).toBe("/v2");
    expect(bare).not.toHaveProperty("sid");
    expect(bare).not.toHaveProperty("flowId");
    expect(bare.status).toBe(404);
  });

  test("control traffic is neither logged nor counted", async () => {
    await raw("GET", "/flows");
    await raw("GET", "/requests");
    expect(emulator.requests()).toEqual([]);
    expect(emulator.stats().totalRequests).toBe(0);
  });

  test("DELETE /requests empties the log; stats count on", async () => {
    await (await post(SIGN_UP, { name: "a" })).text();
    await (await post(SIGN_UP, { name: "b" })).text();
    const firstSeq = emulator.requests()[0].seq;
    expect(await raw("DELETE", "/requests")).toMatchObject({ status: 200 });
    expect(await control.requests()).toEqual([]);
    expect(await control.stats()).toEqual({
      totalRequests: 2,
      inFlight: 0,
      maxInFlight: 0,
      logEntries: 0,
      logBytes: 0,
      droppedEntries: 0,
    });
    await (await post(SIGN_UP, { name: "c" })).text();
    const [entry] = await control.requests();
    expect(entry.seq).toBe(firstSeq + 2); // sequence numbers are never reused
    await control.clearRequests();
    expect(emulator.requests()).toEqual([]);
  });
});

describe("flows", () => {
  test("GET /flows lists accounts and flows in the seed's shape, without keys", async () => {
    const { json } = await raw("GET", "/flows");
    expect(json).toEqual({ accounts: DEMO_SEED.accounts.map(({ apiKey: _key, ...account }) => account) });
    expect(await control.flows()).toEqual(json.accounts);
    expect(emulator.flows()).toEqual(json.accounts);
  });

  test("GET one flow, or 404", async () => {
    expect((await raw("GET", `/flows/${IN.sid}/${SIGN_UP}`)).json).toEqual(IN.flows[0]);
    expect((await raw("GET", `/flows/${IN.sid}/999`)).status).toBe(404);
    expect((await raw("GET", `/flows/NOPE/${SIGN_UP}`)).status).toBe(404);
    expect(await control.getFlow(IN.sid, "999")).toBeUndefined();
    expect(emulator.getFlow(EU.sid, SIGN_UP)).toBeUndefined();
  });

  test("PATCH simulates console drift, which the API then reports", async () => {
    const patched = await raw(
      "PATCH",
      `/flows/${IN.sid}/${SIGN_UP}`,
      JSON.stringify({ name: "Renamed in console", categories: ["OTHER"], endpoint_uri: null }),
    );
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({ id: SIGN_UP, name: "Renamed in console", categories: ["OTHER"], status: "DRAFT" });
    const details = await fetch(
      `${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}?fields=name,categories,endpoint_uri,status`,
      { headers: { "api-key": IN.apiKey } },
    );
    expect(((await details.json()) as { data: unknown }).data).toEqual({
      id: SIGN_UP,
      name: "Renamed in console",
      categories: ["OTHER"],
      status: "DRAFT",
    });

    expect(
      await control.patchFlow(IN.sid, SIGN_UP, { status: "PUBLISHED", endpoint_uri: "https://example.com/new" }),
    ).toEqual({
      id: SIGN_UP,
      name: "Renamed in console",
      categories: ["OTHER"],
      endpoint_uri: "https://example.com/new",
      status: "PUBLISHED",
    });
    expect(emulator.patchFlow(IN.sid, SIGN_UP, { name: null, categories: null })).toEqual({
      id: SIGN_UP,
      endpoint_uri: "https://example.com/new",
      status: "PUBLISHED",
    });
  });

  test("PATCH is validated and needs an existing flow", async () => {
    const bad = await raw("PATCH", `/flows/${IN.sid}/${SIGN_UP}`, JSON.stringify({ categories: ["SIGN_UP", "FOO"] }));
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe(
      `PATCH /__emulator/flows/${IN.sid}/${SIGN_UP}: categories[1]: must be a Kaleyra flow category (one of SIGN_UP, SIGN_IN, APPOINTMENT_BOOKING, LEAD_GENERATION, SHOPPING, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER), got "FOO"`,
    );
    expect((await raw("PATCH", `/flows/${IN.sid}/${SIGN_UP}`, JSON.stringify({ status: "GONE" }))).status).toBe(400);
    expect((await raw("PATCH", `/flows/${IN.sid}/${SIGN_UP}`, JSON.stringify({ id: "1" }))).json.error).toMatch(
      /id: unknown field/,
    );
    expect((await raw("PATCH", `/flows/${IN.sid}/999`, JSON.stringify({ name: "x" }))).status).toBe(404);
    await expect(control.patchFlow(IN.sid, "999", { name: "x" })).rejects.toMatchObject({ status: 404 });
    expect(() => emulator.patchFlow(IN.sid, SIGN_UP, { endpoint_uri: "http://insecure.example.com" })).toThrow(
      /endpoint_uri: must be an absolute https URL/,
    );
    expect(emulator.getFlow(IN.sid, SIGN_UP)).toEqual(IN.flows[0]);
  });

  test("PUT creates (201) then replaces (200); the new flow is live on the API", async () => {
    const flow = { name: "New flow", categories: ["SHOPPING"] };
    const created = await raw("PUT", `/flows/${IN.sid}/5555555555555555`, JSON.stringify(flow));
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: "5555555555555555", ...flow, status: "DRAFT" });
    const replaced = await raw(
      "PUT",
      `/flows/${IN.sid}/5555555555555555`,
      JSON.stringify({ id: "5555555555555555", status: "BLOCKED" }),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual({ id: "5555555555555555", status: "BLOCKED" });
    expect((await post("5555555555555555", { name: "x" })).status).toBe(400); // BLOCKED

    expect(await control.setFlow(IN.sid, { id: "6666666666666666", name: "Via client" })).toEqual({
      id: "6666666666666666",
      name: "Via client",
      status: "DRAFT",
    });
    expect(emulator.setFlow(EU.sid, { id: 7777777777777777, name: "Numeric id" })).toEqual({
      id: "7777777777777777",
      name: "Numeric id",
      status: "DRAFT",
    });
    expect((await post("6666666666666666", { name: "Updated" })).status).toBe(200);
  });

  test("PUT is validated: id must match the URL, the account must exist", async () => {
    const mismatch = await raw("PUT", `/flows/${IN.sid}/5555555555555555`, JSON.stringify({ id: "1" }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error).toMatch(/id: "1" does not match the flow id 5555555555555555 in the URL/);
    expect((await raw("PUT", `/flows/${IN.sid}/abc`, "{}")).status).toBe(400);
    expect((await raw("PUT", `/flows/NOSUCHSID/5555555555555555`, "{}")).status).toBe(404);
    expect((await raw("PUT", `/flows/${IN.sid}/5555555555555555`, "{not json")).json.error).toMatch(/not JSON/);
    expect(() => emulator.setFlow(IN.sid, { id: "1", name: "  " })).toThrow(/name: must be a non-empty string/);
  });

  test("DELETE removes a flow: later calls get the flow_id WA-401", async () => {
    expect(await raw("DELETE", `/flows/${IN.sid}/${SIGN_UP}`)).toMatchObject({ status: 200, json: { deleted: true } });
    const answer = await post(SIGN_UP, { name: "x" });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual(FLOW_NOT_FOUND_BODY);
    expect((await raw("DELETE", `/flows/${IN.sid}/${SIGN_UP}`)).status).toBe(404);
    expect(await control.deleteFlow(IN.sid, SIGN_UP)).toBe(false);
    expect(await control.deleteFlow(IN.sid, "1234567890123452")).toBe(true);
    expect(emulator.deleteFlow(IN.sid, "1234567890123453")).toBe(true);
    expect(emulator.flows()[0].flows).toEqual([]);
  });
});

describe("seed", () => {
  const SMALL: SeedFile = {
    accounts: [{ sid: "HXSMALL1", apiKey: "Asmall000000000001", flows: [{ id: "42", name: "Only" }] }],
  };

  test("PUT /seed replaces every account and clears log, faults and counters", async () => {
    await (await post(SIGN_UP, { name: "before" })).text();
    emulator.addFault({ type: "latency", latencyMs: 1 });
    const answer = await raw("PUT", "/seed", JSON.stringify(SMALL));
    expect(answer).toMatchObject({ status: 200, json: { ok: true, accounts: 1 } });
    expect(emulator.flows()).toEqual([
      {
        sid: "HXSMALL1",
        flowApi: true,
        publishedUpdate: "refuse",
        pageSize: 25,
        listShape: "envelope",
        detailsShape: "envelope",
        flows: [{ id: "42", name: "Only", status: "DRAFT" }],
      },
    ]);
    expect(emulator.requests()).toEqual([]);
    expect(emulator.faults()).toEqual([]);
    expect(emulator.stats()).toEqual({
      totalRequests: 0,
      inFlight: 0,
      maxInFlight: 0,
      logEntries: 0,
      logBytes: 0,
      droppedEntries: 0,
    });
    expect((await post(SIGN_UP, { name: "x" })).status).toBe(401); // the demo account is gone
    expect((await post("42", { name: "x" }, "Asmall000000000001", "HXSMALL1")).status).toBe(200);
    await control.loadSeed(DEMO_SEED);
    expect(emulator.flows()).toHaveLength(3);
  });

  test("an invalid seed is refused with a message naming the entry, and changes nothing", async () => {
    emulator.addFault({ type: "latency", latencyMs: 1 });
    const bad = { accounts: [{ sid: "HX1", apiKey: "Akey00000001", flows: [{ id: "1", status: "ARCHIVED" }] }] };
    const answer = await raw("PUT", "/seed", JSON.stringify(bad));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe(
      'PUT /__emulator/seed: accounts[0].flows[0].status: must be a flow status (one of DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED), got "ARCHIVED"',
    );
    await expect(control.loadSeed(bad as SeedFile)).rejects.toThrow(EmulatorControlError);
    expect(emulator.flows()).toHaveLength(3);
    expect(emulator.faults()).toHaveLength(1);
    expect(() => emulator.loadSeed({ accounts: "none" } as unknown as SeedFile)).toThrow(
      /^seed: accounts: must be an array of accounts/,
    );
  });
});

describe("faults", () => {
  test("POST one rule or a list; GET lists them with ids and what remains; DELETE one or all", async () => {
    const one = await raw("POST", "/faults", JSON.stringify({ type: "error500", flowId: SIGN_UP, times: 2 }));
    expect(one.status).toBe(201);
    expect(one.json.ids).toHaveLength(1);
    const many = await raw(
      "POST",
      "/faults",
      JSON.stringify({
        faults: [
          { type: "latency", latencyMs: 5 },
          { type: "rateLimit", method: "get", retryAfter: 3 },
        ],
      }),
    );
    expect(many.json.ids).toHaveLength(2);
    const [a, b, c] = [one.json.ids[0], ...many.json.ids];

    expect((await raw("GET", "/faults")).json).toEqual({
      faults: [
        { id: a, type: "error500", flowId: SIGN_UP, times: 2, remaining: 2 },
        { id: b, type: "latency", latencyMs: 5 },
        { id: c, type: "rateLimit", method: "GET", retryAfter: 3 },
      ],
    });
    expect((await post(SIGN_UP, { name: "x" })).status).toBe(500);
    expect((await control.faults())[0].remaining).toBe(1);

    expect((await raw("DELETE", `/faults/${b}`)).status).toBe(200);
    expect((await raw("DELETE", `/faults/${b}`)).status).toBe(404);
    expect((await control.faults()).map((f) => f.id)).toEqual([a, c]);
    expect(await raw("DELETE", "/faults")).toMatchObject({ status: 200 });
    expect(await control.faults()).toEqual([]);
  });

  test("a bad rule is refused with its field named; in a list, nothing is added", async () => {
    const answer = await raw(
      "POST",
      "/faults",
      JSON.stringify({ faults: [{ type: "error500" }, { type: "latency" }] }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(
      /^POST \/__emulator\/faults: faults\[1\]\.latencyMs: must be a number of milliseconds/,
    );
    expect(emulator.faults()).toEqual([]);
    for (const rule of [
      { type: "explode" },
      { type: "error500", rate: 2 },
      { type: "error500", times: 0 },
      { type: "error500", method: "PUT" },
      { type: "error500", flowId: "abc" },
      { type: "error500", latencyMs: 5 },
      { type: "hang", retryAfter: 1 },
      { type: "rateLimit", retryAfterFormat: "minutes" },
      { type: "rateLimit", retry_after: 1 },
    ]) {
      expect((await raw("POST", "/faults", JSON.stringify(rule))).status).toBe(400);
    }
    expect(() => emulator.addFault({ type: "reset", rate: -0.1 })).toThrow(/rate: must be a number from 0 to 1/);
    expect(emulator.faults()).toEqual([]);
  });

  test("the typed client adds, removes and clears", async () => {
    const id = await control.addFault({ type: "html502", flowId: SIGN_UP });
    const ids = await control.addFaults([
      { type: "hang", times: 1 },
      { type: "reset", rate: 0 },
    ]);
    expect(emulator.faults().map((f) => f.id)).toEqual([id, ...ids]);
    expect(await control.removeFault(id)).toBe(true);
    expect(await control.removeFault(id)).toBe(false);
    await control.clearFaults();
    expect(emulator.faults()).toEqual([]);
    // Ids are never reused, so a stale id cannot remove a newer rule.
    expect(emulator.addFault({ type: "error500" })).not.toBe(id);
    expect(emulator.removeFault(id)).toBe(false);
    emulator.clearFaults();
  });
});

describe("routing of the control API", () => {
  test("unknown route 404, wrong method 405 with Allow, empty or non-JSON body 400", async () => {
    expect((await raw("GET", "/nope")).status).toBe(404);
    expect((await raw("GET", "")).status).toBe(404);
    expect((await raw("GET", `/flows/${IN.sid}`)).status).toBe(404);
    const wrong = await raw("POST", "/stats");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect((await raw("PUT", "/seed", "")).json.error).toMatch(/body is empty/);
    expect((await raw("POST", "/faults", "{")).status).toBe(400);
  });

  test("errors from the typed client carry status and message", async () => {
    const error = await control.setFlow("NOSUCHSID", { id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect(error).toMatchObject({ status: 404, message: "no account NOSUCHSID in the seed" });
  });
});
