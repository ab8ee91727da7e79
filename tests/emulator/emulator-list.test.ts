/**
 * Kaleyra's "Get Flows by WABA ID" (`GET /v2/<sid>/whatsapp/<waba_id>/flows`): the checks
 * and their order, WABAs, fields, Meta-style pagination whose `next` points elsewhere, the
 * three list shapes, and the two shapes of Get Flow Details.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  API_NOT_AVAILABLE_BODY,
  DEMO_SEED,
  EmulatorControl,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_PAYLOAD_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  RunningEmulator,
  SeedFile,
  startEmulator,
  WABA_NOT_FOUND_BODY,
} from "../../emulator";

const SID = "HXLIST0001";
const KEY = "Alist000000000000000000000000001";
const WABA = "1111111111111111";
const OTHER_WABA = "2222222222222222";
const EMPTY_WABA_ACCOUNT = {
  sid: "HXEMPTY001",
  apiKey: "Aempty00000000000000000000000001",
  wabaId: "3333333333333333",
};
const NO_WABA_ACCOUNT = { sid: "HXNOWABA01", apiKey: "Anowaba00000000000000000000000001", flows: [{ id: "77" }] };
const ids = (n: number) => `50000000000000${String(n).padStart(2, "0")}`;

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      pageSize: 2,
      flows: [
        { id: ids(1), name: "One", categories: ["SIGN_UP"], endpoint_uri: "https://example.com/1" },
        { id: ids(2), name: "Two", categories: ["SURVEY", "OTHER"], status: "PUBLISHED" },
        { id: ids(3), name: "Elsewhere", wabaId: OTHER_WABA },
        { id: ids(4), name: "Four", status: "THROTTLED" },
        { id: ids(5), name: "Five", endpoint_uri: "https://example.com/5" },
        { id: ids(6), name: "Six", status: "DEPRECATED" },
      ],
    },
    EMPTY_WABA_ACCOUNT,
    NO_WABA_ACCOUNT,
    { sid: "HXNOFLOW01", apiKey: "Anoflow00000000000000000000000001", wabaId: "4444444444444444", flowApi: false },
  ],
};
const IN_WABA = [1, 2, 4, 5, 6].map(ids);

let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

type Json = Record<string, any>;

async function get(urlPath: string, key: string | null = KEY, target: RunningEmulator = emulator) {
  const response = await fetch(`${target.url}${urlPath}`, { headers: key === null ? {} : { "api-key": key } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as Json };
}
const listPath = (query = "", waba = WABA, sid = SID) => `/v2/${sid}/whatsapp/${waba}/flows${query ? `?${query}` : ""}`;

/** Meta's `{data, paging}` from an answer of the default "envelope" shape. */
const page = (json: Json) =>
  json.data as { data: Json[]; paging?: { cursors: { before: string; after: string }; next?: string } };

describe("the default: Kaleyra's envelope around Meta's list, pages of the account's pageSize", () => {
  test("first page: two flows of the WABA, in insertion order, with the default fields", async () => {
    const answer = await get(listPath());
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(Object.keys(answer.json)).toEqual(["code", "message", "data", "error"]);
    expect(answer.json).toMatchObject({ code: "WA200", message: "Request Processed Successfully", error: {} });
    expect(answer.text).toBe(JSON.stringify(answer.json, null, 4));
    const { data, paging } = page(answer.json);
    expect(data).toEqual([
      { id: ids(1), name: "One", categories: ["SIGN_UP"], status: "DRAFT", validation_errors: [] },
      { id: ids(2), name: "Two", categories: ["SURVEY", "OTHER"], status: "PUBLISHED", validation_errors: [] },
    ]);
    expect(Object.keys(paging!)).toEqual(["cursors", "next"]);
    expect(typeof paging!.cursors.before).toBe("string");
    expect(typeof paging!.cursors.after).toBe("string");
    expect(paging!.cursors.before).not.toBe(paging!.cursors.after);
  });

  test("next is an absolute URL on Meta's origin, never the emulator's, carrying limit and after", async () => {
    const { paging } = page((await get(listPath())).json);
    const next = new URL(paging!.next!);
    expect(next.origin).toBe("https://graph.facebook.com");
    expect(next.pathname).toBe(`/v19.0/${WABA}/flows`);
    expect(Object.fromEntries(next.searchParams)).toEqual({ limit: "2", after: paging!.cursors.after });
    expect(paging!.next).not.toContain(emulator.url);
    expect(paging!.next).not.toContain(KEY);
  });

  test("paging with after on the emulator's own origin walks the whole WABA once; the last page has no next", async () => {
    const seen: string[] = [];
    const nexts: (string | undefined)[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const { data, paging } = page((await get(listPath(after ? `after=${encodeURIComponent(after)}` : ""))).json);
      seen.push(...data.map((f) => f.id as string));
      nexts.push(paging?.next);
      if (!paging?.next) break;
      after = paging.cursors.after;
    }
    expect(seen).toEqual(IN_WABA); // ids(3) is in the other WABA
    expect(nexts.map((n) => n !== undefined)).toEqual([true, true, false]);
    expect(emulator.requests().map((r) => r.status)).toEqual([200, 200, 200]);
  });

  test("a page that is exactly the rest has no next; past the end is an empty page without paging", async () => {
    const last = page((await get(listPath("limit=5"))).json);
    expect(last.data.map((f) => f.id)).toEqual(IN_WABA);
    expect(last.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) } });
    const beyond = await get(listPath(`after=${last.paging!.cursors.after}`));
    expect(beyond.status).toBe(200);
    expect(beyond.json.data).toEqual({ data: [] });
  });

  test("the order is stable: a patched flow keeps its place, a new one comes last, a moved one leaves", async () => {
    emulator.patchFlow(SID, ids(1), { name: "One renamed" });
    emulator.setFlow(SID, { id: ids(9), name: "Nine" });
    emulator.patchFlow(SID, ids(2), { wabaId: OTHER_WABA });
    const { data } = page((await get(listPath("limit=100&fields=name"))).json);
    expect(data).toEqual([
      { id: ids(1), name: "One renamed" },
      { id: ids(4), name: "Four" },
      { id: ids(5), name: "Five" },
      { id: ids(6), name: "Six" },
      { id: ids(9), name: "Nine" },
    ]);
    const other = page((await get(listPath("fields=name", OTHER_WABA))).json);
    expect(other.data).toEqual([
      { id: ids(2), name: "Two" },
      { id: ids(3), name: "Elsewhere" },
    ]);
  });
});

describe("fields and limit", () => {
  test("fields works as for flow details: id always, then what is asked and present; next carries fields", async () => {
    const answer = await get(listPath("fields=name,endpoint_uri,nonsense&limit=1"));
    const { data, paging } = page(answer.json);
    expect(data).toEqual([{ id: ids(1), name: "One", endpoint_uri: "https://example.com/1" }]);
    expect(new URL(paging!.next!).searchParams.get("fields")).toBe("name,endpoint_uri,nonsense");
    const second = page((await get(listPath(`fields=name,endpoint_uri&limit=1&after=${paging!.cursors.after}`))).json);
    expect(second.data).toEqual([{ id: ids(2), name: "Two" }]);
    expect(page((await get(listPath("fields=status&limit=3"))).json).data).toEqual([
      { id: ids(1), status: "DRAFT" },
      { id: ids(2), status: "PUBLISHED" },
      { id: ids(4), status: "THROTTLED" },
    ]);
  });

  test("limit overrides pageSize, from 1 to 100", async () => {
    expect(page((await get(listPath("limit=1"))).json).data).toHaveLength(1);
    expect(page((await get(listPath("limit=100"))).json).data).toHaveLength(5);
  });

  test.each(["0", "101", "abc", "1.5", "-1", ""])("limit=%s: WA-400 with the payload body", async (limit) => {
    const answer = await get(listPath(`limit=${limit}`));
    expect([answer.status, answer.json]).toEqual([400, INCORRECT_PAYLOAD_BODY]);
  });

  test("pageSize is an account setting: seed, in process, control API", async () => {
    emulator.patchAccount(SID, { pageSize: 4 });
    expect(page((await get(listPath())).json).data).toHaveLength(4);
    await control.patchAccount(SID, { pageSize: 1 });
    expect(page((await get(listPath())).json).data).toHaveLength(1);
    const bad = await fetch(`${emulator.url}/__emulator/accounts/${SID}`, {
      method: "PATCH",
      body: JSON.stringify({ pageSize: 101 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toBe(
      `PATCH /__emulator/accounts/${SID}: pageSize: must be a whole number from 1 to 100, got 101`,
    );
  });
});

describe("cursors", () => {
  test.each([
    ["garbage", "not-a-cursor!"],
    ["empty", ""],
    ["base64 of nonsense", Buffer.from("hello").toString("base64url")],
    ["a position without a WABA", Buffer.from("3").toString("base64url")],
    ["non-canonical (leading zero)", Buffer.from(`${WABA}:01`).toString("base64url")],
  ])("a bad cursor (%s): WA-400 with the payload body", async (_name, cursor) => {
    const answer = await get(listPath(`after=${encodeURIComponent(cursor)}`));
    expect([answer.status, answer.json]).toEqual([400, INCORRECT_PAYLOAD_BODY]);
  });

  test("a cursor of another WABA's list is refused", async () => {
    const other = page((await get(listPath("limit=1", OTHER_WABA))).json);
    const answer = await get(listPath(`after=${other.paging!.cursors.after}`));
    expect([answer.status, answer.json]).toEqual([400, INCORRECT_PAYLOAD_BODY]);
  });
});

describe("checks and their order", () => {
  test("an unknown WABA: 401 waba_id, byte for byte", async () => {
    const answer = await get(listPath("", "9999999999999999"));
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      code: "WA-401",
      message: "The waba_id either does not exist or does not belong to the account.",
      data: {},
      error: { waba_id: "The waba_id either does not exist or does not belong to the account." },
    });
    expect(answer.json).toEqual(WABA_NOT_FOUND_BODY);
    expect(answer.text).toBe(JSON.stringify(WABA_NOT_FOUND_BODY, null, 4));
  });

  test("another account's WABA, and a non-digit one, are the same 401", async () => {
    expect((await get(listPath("", EMPTY_WABA_ACCOUNT.wabaId))).json).toEqual(WABA_NOT_FOUND_BODY);
    expect((await get(listPath("", "abc"))).json).toEqual(WABA_NOT_FOUND_BODY);
  });

  test("an account without a wabaId knows only its flows' WABAs", async () => {
    const answer = await get(listPath("", WABA, NO_WABA_ACCOUNT.sid), NO_WABA_ACCOUNT.apiKey);
    expect(answer.json).toEqual(WABA_NOT_FOUND_BODY);
  });

  test("a WABA without flows lists nothing: data [] and no paging", async () => {
    const answer = await get(
      listPath("", EMPTY_WABA_ACCOUNT.wabaId, EMPTY_WABA_ACCOUNT.sid),
      EMPTY_WABA_ACCOUNT.apiKey,
    );
    expect([answer.status, answer.json]).toEqual([
      200,
      { code: "WA200", message: "Request Processed Successfully", data: { data: [] }, error: {} },
    ]);
  });

  test("RBC001 for a missing or wrong key or an unknown sid, before the WABA and the cursor", async () => {
    expect((await get(listPath("after=garbage", "9"), null)).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
    expect((await get(listPath("", WABA), "Awrong")).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
    expect((await get(listPath("", WABA, "HXUNKNOWN1"))).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
    expect((await get(listPath("", WABA), EMPTY_WABA_ACCOUNT.apiKey)).status).toBe(401);
  });

  test("an account without the Flow API: the 'API is not available' WA-401, before the WABA", async () => {
    const answer = await get(
      listPath("limit=0", "4444444444444444", "HXNOFLOW01"),
      "Anoflow00000000000000000000000001",
    );
    expect([answer.status, answer.json]).toEqual([401, API_NOT_AVAILABLE_BODY]);
    expect((await get(listPath("", "1", "HXNOFLOW01"), "Anoflow00000000000000000000000001")).json).toEqual(
      API_NOT_AVAILABLE_BODY,
    );
  });

  test("only GET (list) and POST (Create Flow): other methods are a WA-405 with Allow", async () => {
    const response = await fetch(`${emulator.url}${listPath()}`, {
      method: "PUT",
      headers: { "api-key": KEY },
      body: "{}",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(((await response.json()) as Json).code).toBe("WA-405");
  });

  test.each([
    `/v2/${SID}/whatsapp/${WABA}/flows/extra`,
    `/v2/${SID}/whatsapp/${WABA}/flow`,
    `/v2/${SID}/whatsapp//flows`,
  ])("%s is a WA-404", async (urlPath) => {
    expect((await get(urlPath)).status).toBe(404);
  });
});

describe("shapes", () => {
  test('listShape "bare": Meta\'s own {data, paging}', async () => {
    emulator.patchAccount(SID, { listShape: "bare" });
    const answer = await get(listPath());
    expect(Object.keys(answer.json)).toEqual(["data", "paging"]);
    expect(answer.json.data.map((f: Json) => f.id)).toEqual([ids(1), ids(2)]);
    expect(answer.json.paging.next).toMatch(/^https:\/\/graph\.facebook\.com\/v19\.0\//);
  });

  test('listShape "envelope-flat": Kaleyra\'s envelope, data the list, paging beside it', async () => {
    await control.patchAccount(SID, { listShape: "envelope-flat" });
    const answer = await get(listPath("limit=5"));
    expect(Object.keys(answer.json)).toEqual(["code", "message", "data", "paging", "error"]);
    expect(answer.json).toMatchObject({ code: "WA200", message: "Request Processed Successfully", error: {} });
    expect(answer.json.data.map((f: Json) => f.id)).toEqual(IN_WABA);
    expect(answer.json.paging).not.toHaveProperty("next");
  });

  test("listShape from the seed; a bad one is refused naming the field", async () => {
    const seed: SeedFile = {
      accounts: [{ sid: SID, apiKey: KEY, wabaId: WABA, listShape: "bare", flows: [{ id: "1" }] }],
    };
    emulator.loadSeed(seed);
    expect((await get(listPath())).json).toEqual({
      data: [{ id: "1", status: "DRAFT", validation_errors: [] }],
      paging: { cursors: expect.any(Object) },
    });
    expect(() => emulator.patchAccount(SID, { listShape: "flat" as never })).toThrow(
      /listShape: must be one of "bare", "envelope", "envelope-flat", got "flat"/,
    );
  });

  test('detailsShape "bare": Get Flow Details answers the flow object itself; errors keep the envelope', async () => {
    const before = await get(`/v2/${SID}/whatsapp/${ids(1)}?fields=name,endpoint_uri`);
    expect(before.json).toEqual({
      code: "WA200",
      message: "Request Processed Successfully",
      data: { id: ids(1), name: "One", endpoint_uri: "https://example.com/1" },
      error: {},
    });
    await control.patchAccount(SID, { detailsShape: "bare" });
    const bare = await get(`/v2/${SID}/whatsapp/${ids(1)}?fields=name,endpoint_uri`);
    expect(bare.status).toBe(200);
    expect(bare.json).toEqual({ id: ids(1), name: "One", endpoint_uri: "https://example.com/1" });
    expect(bare.text).toBe(JSON.stringify(bare.json, null, 4));
    expect((await get(`/v2/${SID}/whatsapp/999`)).json).toEqual(FLOW_NOT_FOUND_BODY);
    // The list is not affected by detailsShape.
    expect(Object.keys((await get(listPath())).json)).toEqual(["code", "message", "data", "error"]);
    expect(() => emulator.patchAccount(SID, { detailsShape: "flat" as never })).toThrow(
      /detailsShape: must be one of "envelope", "bare"/,
    );
  });
});

describe("log, faults, options", () => {
  test("list requests are logged with sid and wabaId, no flowId; filterable by wabaId", async () => {
    await get(listPath("limit=1"));
    await get(`/v2/${SID}/whatsapp/${ids(1)}`);
    const [listed, details] = emulator.requests();
    expect(listed).toMatchObject({
      method: "GET",
      path: listPath(),
      sid: SID,
      wabaId: WABA,
      query: { limit: "1" },
      status: 200,
    });
    expect(listed).not.toHaveProperty("flowId");
    expect(details).not.toHaveProperty("wabaId");
    expect(emulator.requests({ wabaId: WABA })).toEqual([listed]);
    expect(await control.requests({ wabaId: WABA })).toEqual([listed]);
    expect(await control.requests({ wabaId: OTHER_WABA })).toEqual([]);
  });

  test("faults: a wabaId rule hits only that list; a flowId rule never hits a list", async () => {
    emulator.addFault({ type: "error500", flowId: ids(1) });
    expect((await get(listPath())).status).toBe(200);
    emulator.addFault({ type: "echo", shape: "code", status: 502, wabaId: OTHER_WABA });
    expect((await get(listPath())).status).toBe(200);
    expect((await get(listPath("", OTHER_WABA))).status).toBe(502);
    emulator.clearFaults();
    emulator.addFault({ type: "rateLimit", wabaId: WABA, times: 1 });
    expect((await get(listPath())).status).toBe(429);
    expect((await get(listPath())).status).toBe(200);
  });

  test("pagingNextOrigin: next points at the given origin, which a client paging with after never calls", async () => {
    let trapped = 0;
    const trap = http.createServer((_req, res) => {
      trapped++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    const other = await startEmulator({ seed: SEED, quiet: true, pagingNextOrigin: `${trapUrl}/` });
    try {
      expect(other.pagingNextOrigin).toBe(trapUrl);
      const first = page((await get(listPath(), KEY, other)).json);
      expect(first.paging!.next!.startsWith(`${trapUrl}/v19.0/${WABA}/flows?`)).toBe(true);
      const second = page((await get(listPath(`after=${first.paging!.cursors.after}`), KEY, other)).json);
      expect(second.data.map((f) => f.id)).toEqual([ids(4), ids(5)]);
      expect(trapped).toBe(0);
    } finally {
      await other.close();
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  test.each(["ftp://example.com", "not a url", "https://example.com/?q=1", 42])(
    "pagingNextOrigin %j is refused",
    async (origin) => {
      await expect(startEmulator({ quiet: true, pagingNextOrigin: origin as never })).rejects.toThrow(
        /^options\.pagingNextOrigin: must be an absolute http\(s\) URL/,
      );
    },
  );
});

describe("WABA ids in the seed", () => {
  test("accounts and flows take a wabaId of digits (a safe integer number becomes a string); the view shows it", () => {
    emulator.loadSeed({
      accounts: [{ sid: "HX1", apiKey: "Ak1", wabaId: 123 as never, flows: [{ id: "1", wabaId: 456 as never }] }],
    });
    expect(emulator.getAccount("HX1")).toMatchObject({
      wabaId: "123",
      flows: [{ id: "1", status: "DRAFT", wabaId: "456" }],
    });
  });

  test.each([
    [
      { accounts: [{ sid: "HX1", apiKey: "k", wabaId: "12a" }] },
      'seed: accounts[0].wabaId: must be a string of digits (a WABA id; a JSON number only if it is a safe integer), got "12a"',
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", wabaId: 12345678901234567 }] },
      "seed: accounts[0].wabaId: must be a string of digits (a WABA id; a JSON number only if it is a safe integer), got 12345678901234568",
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", flows: [{ id: "1", wabaId: "" }] }] },
      'seed: accounts[0].flows[0].wabaId: must be a string of digits (a WABA id; a JSON number only if it is a safe integer), got ""',
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", pageSize: 0 }] },
      "seed: accounts[0].pageSize: must be a whole number from 1 to 100, got 0",
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", pageSize: 2.5 }] },
      "seed: accounts[0].pageSize: must be a whole number from 1 to 100, got 2.5",
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", listShape: "Bare" }] },
      'seed: accounts[0].listShape: must be one of "bare", "envelope", "envelope-flat", got "Bare"',
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", detailsShape: "envelope-flat" }] },
      'seed: accounts[0].detailsShape: must be one of "envelope", "bare", got "envelope-flat"',
    ],
    [
      { accounts: [{ sid: "HX1", apiKey: "k", waba_id: "1" }] },
      'seed: accounts[0].waba_id: unknown field; did you mean "wabaId"?',
    ],
  ])("%j: %s", (seed, message) => {
    expect(() => emulator.loadSeed(seed as never)).toThrow(message);
  });

  test("PATCH moves a flow between WABAs; null returns it to the account's", () => {
    expect(emulator.patchFlow(SID, ids(3), { wabaId: null })).not.toHaveProperty("wabaId");
    expect(emulator.patchFlow(SID, ids(1), { wabaId: OTHER_WABA }).wabaId).toBe(OTHER_WABA);
    expect(() => emulator.patchFlow(SID, ids(1), { wabaId: "x" })).toThrow(/wabaId: must be a string of digits/);
  });

  test("the demo accounts have WABA ids, and the demo's flows are listed under them", async () => {
    const demo = await startEmulator({ quiet: true });
    try {
      expect(DEMO_SEED.accounts.map((a) => [a.sid, a.wabaId])).toEqual([
        ["HXAP16DEMO0097IN", "1029384756102938"],
        ["HXEU16DEMO0042EU", "2938475610293847"],
        ["HXAP16NOFLOW01IN", "3847561029384756"],
      ]);
      const [IN, EU] = DEMO_SEED.accounts;
      const listed = await get(`/v2/${IN.sid}/whatsapp/${IN.wabaId}/flows?fields=name`, IN.apiKey, demo);
      expect(page(listed.json)).toEqual({
        data: [
          { id: "1234567890123451", name: "Sign up" },
          { id: "1234567890123452", name: "Book an appointment" },
          { id: "1234567890123453", name: "Customer survey" },
        ],
        paging: { cursors: { before: expect.any(String), after: expect.any(String) } },
      });
      expect(
        page((await get(`/v2/${EU.sid}/whatsapp/${EU.wabaId}/flows`, EU.apiKey, demo)).json).data.map((f) => f.id),
      ).toEqual(["9876543210987651"]);
      expect((await get(`/v2/${IN.sid}/whatsapp/${EU.wabaId}/flows`, IN.apiKey, demo)).json).toEqual(
        WABA_NOT_FOUND_BODY,
      );
    } finally {
      await demo.close();
    }
  });
});
