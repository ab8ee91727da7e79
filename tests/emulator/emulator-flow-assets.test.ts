/**
 * Get Flow Assets (`GET /v2/<sid>/whatsapp/<flow_id>/assets`) and its `download_url`s: the
 * list in each `listShape`, a link on another host name than the request's, served with no
 * api-key, every download logged with its headers, and the download faults (redirect,
 * oversized, expired, not JSON) that a client's download code must survive.
 */
import { EmulatorControl, RunningEmulator, SeedFile, startEmulator } from "../../emulator";

const SID = "HXASSETS01";
const KEY = "Aassets0000000000000000000000000001";
const WITH_JSON = "2220000000000001";
const NO_JSON = "2220000000000002";
const OTHER_FLOW = "2220000000000003";
const JSON_TEXT = '{\n  "version": "7.3",\n  "screens": []\n}\n';

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: "2220000000000000",
      flows: [
        { id: WITH_JSON, name: "With JSON", flowJson: JSON_TEXT },
        { id: NO_JSON, name: "Without" },
        { id: OTHER_FLOW, name: "Other", flowJson: "{}" },
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

type Json = Record<string, any>;

async function assets(flow: string, origin = emulator.url) {
  const response = await fetch(`${origin}/v2/${SID}/whatsapp/${flow}/assets`, { headers: { "api-key": KEY } });
  return { status: response.status, json: (await response.json()) as Json };
}

/** A download's status, its body read so the connection is free again. */
async function statusOf(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

/** The download URL Get Flow Assets gives for a flow (envelope shape). */
async function linkOf(flow: string, origin = emulator.url): Promise<string> {
  return (await assets(flow, origin)).json.data.data[0].download_url;
}

describe("Get Flow Assets", () => {
  test("one FLOW_JSON asset named flow.json with a download_url, paged, in Kaleyra's envelope", async () => {
    const answer = await assets(WITH_JSON);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      code: "WA200",
      message: "Request Processed Successfully",
      data: {
        data: [{ name: "flow.json", asset_type: "FLOW_JSON", download_url: expect.stringMatching(/^http:\/\//) }],
        paging: { cursors: { before: expect.any(String), after: expect.any(String) } },
      },
      error: {},
    });
  });

  test("no Flow JSON yet: an empty list (and, as for flow lists, no paging)", async () => {
    expect((await assets(NO_JSON)).json.data).toEqual({ data: [] });
  });

  test("listShape bare and envelope-flat", async () => {
    emulator.patchAccount(SID, { listShape: "bare" });
    const bare = (await assets(WITH_JSON)).json;
    expect(Object.keys(bare)).toEqual(["data", "paging"]);
    expect(bare.data[0].asset_type).toBe("FLOW_JSON");
    emulator.patchAccount(SID, { listShape: "envelope-flat" });
    const flat = (await assets(WITH_JSON)).json;
    expect(Object.keys(flat)).toEqual(["code", "message", "data", "paging", "error"]);
    expect(flat.data[0].name).toBe("flow.json");
  });

  test("the link's host is the other loopback name: localhost for 127.0.0.1, and back", async () => {
    const viaIp = new URL(await linkOf(WITH_JSON));
    expect(viaIp.hostname).toBe("localhost");
    expect(viaIp.port).toBe(String(emulator.port));
    expect(viaIp.pathname).toMatch(/^\/__assets\/[A-Za-z0-9_-]+$/);

    const viaName = new URL(await linkOf(WITH_JSON, `http://localhost:${emulator.port}`));
    expect(viaName.hostname).toBe("127.0.0.1");
  });

  test("each call gives a new link; a link serves the JSON as it was when given out", async () => {
    const first = await linkOf(WITH_JSON);
    const second = await linkOf(WITH_JSON);
    expect(second).not.toBe(first);
    emulator.setFlowJson(SID, WITH_JSON, '{"changed": true}');
    expect(await (await fetch(first)).text()).toBe(JSON_TEXT);
    expect(await (await fetch(await linkOf(WITH_JSON))).text()).toBe('{"changed": true}');
  });
});

describe("downloads", () => {
  test("served with no api-key: 200, application/json, the stored text byte for byte", async () => {
    const response = await fetch(await linkOf(WITH_JSON));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(JSON_TEXT);
  });

  test("every download is logged as one, with the headers it came with", async () => {
    const link = await linkOf(WITH_JSON);
    await (await fetch(link)).text();
    await (await fetch(link, { headers: { "x-probe": "yes", "api-key": "Aleaked00000000000000000000000001" } })).text();
    const downloads = emulator.downloads();
    expect(downloads).toHaveLength(2);
    const [clean, leaky] = downloads;
    expect(clean).toMatchObject({ method: "GET", sid: SID, flowId: WITH_JSON, download: true, status: 200 });
    expect(clean.path).toBe(new URL(link).pathname);
    expect(clean.headers).not.toHaveProperty("api-key");
    expect(clean.headers).not.toHaveProperty("x-probe");
    expect(clean.headers.host).toBe(`localhost:${emulator.port}`);
    // A key sent where it should not go is recorded (masked, like every api-key in the log).
    expect(leaky.headers).toMatchObject({ "x-probe": "yes", "api-key": "***" });
    expect(JSON.stringify(emulator.requests())).not.toContain("Aleaked");
  });

  test("the log tells downloads from /v2 requests; the typed client reads them too", async () => {
    await (await fetch(await linkOf(WITH_JSON))).text();
    expect(emulator.requests({ download: false }).map((r) => r.path)).toEqual([
      `/v2/${SID}/whatsapp/${WITH_JSON}/assets`,
    ]);
    expect((await control.downloads()).map((r) => r.download)).toEqual([true]);
    expect((await control.requests({ download: true })).map((r) => r.flowId)).toEqual([WITH_JSON]);
    const filtered = await fetch(`${emulator.url}/__emulator/requests?download=maybe`);
    expect(filtered.status).toBe(400);
  });

  test("an unknown link is 404, logged as a download; a seed load forgets every link", async () => {
    const link = await linkOf(WITH_JSON);
    const unknown = await fetch(`${emulator.url}/__assets/nope`);
    expect(unknown.status).toBe(404);
    await unknown.text();
    emulator.loadSeed(SEED);
    const forgotten = await fetch(link);
    expect(forgotten.status).toBe(404);
    await forgotten.text();
    expect(emulator.downloads().map((r) => r.status)).toEqual([404]);
  });
});

describe("download faults", () => {
  test("redirect: 302 to the same asset elsewhere (not followed here), or to the rule's location", async () => {
    const link = await linkOf(WITH_JSON);
    emulator.addFault({ type: "redirect", times: 1 });
    const redirected = await fetch(link, { redirect: "manual" });
    expect(redirected.status).toBe(302);
    const location = redirected.headers.get("location")!;
    expect(location).toBe(`${link}/redirected`);
    await redirected.text();
    const target = await fetch(location);
    expect(await target.text()).toBe(JSON_TEXT); // the target serves the asset and is logged too
    expect(emulator.downloads().map((r) => r.path)).toEqual([new URL(link).pathname, new URL(location).pathname]);

    emulator.addFault({ type: "redirect", location: "https://cdn.example.invalid/flow.json" });
    const elsewhere = await fetch(link, { redirect: "manual" });
    expect(elsewhere.headers.get("location")).toBe("https://cdn.example.invalid/flow.json");
    await elsewhere.text();
  });

  test("oversized: valid JSON padded to the rule's bytes (default 10 MB + 1)", async () => {
    const link = await linkOf(WITH_JSON);
    emulator.addFault({ type: "oversized", bytes: 4096, times: 1 });
    const small = await fetch(link);
    const text = await small.text();
    expect([small.status, Buffer.byteLength(text)]).toEqual([200, 4096]);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON_TEXT));

    emulator.addFault({ type: "oversized", times: 1 });
    const big = await fetch(link);
    expect(big.headers.get("content-length")).toBe(String(10 * 1024 * 1024 + 1));
    expect((await big.arrayBuffer()).byteLength).toBe(10 * 1024 * 1024 + 1);
  });

  test("expired: 404 'URL signature expired'", async () => {
    const link = await linkOf(WITH_JSON);
    emulator.addFault({ type: "expired" });
    const response = await fetch(link);
    expect([response.status, await response.text()]).toEqual([404, "URL signature expired\n"]);
  });

  test("notJson: 200 with an HTML page", async () => {
    const link = await linkOf(WITH_JSON);
    emulator.addFault({ type: "notJson" });
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  test("download faults hit downloads only, by flow; other rules hit downloads only with route download", async () => {
    const link = await linkOf(WITH_JSON);
    const other = await linkOf(OTHER_FLOW);
    emulator.addFault({ type: "expired", flowId: OTHER_FLOW });
    emulator.addFault({ type: "error500" }); // every /v2 request, no download
    expect(await statusOf(link)).toBe(200);
    expect(await statusOf(other)).toBe(404);
    expect((await assets(WITH_JSON)).status).toBe(500);
    emulator.clearFaults();

    emulator.addFault({ type: "error500", route: "download", times: 1 });
    expect((await assets(WITH_JSON)).status).toBe(200);
    expect(await statusOf(link)).toBe(500);
    expect(await statusOf(link)).toBe(200);
  });

  test("a download-only fault with another route is refused, naming the field", () => {
    expect(() => emulator.addFault({ type: "expired", route: "details" })).toThrow(
      /route: a "expired" fault applies only to downloads/,
    );
    expect(() => emulator.addFault({ type: "error500", location: "https://x.example" })).toThrow(
      /location: applies only to "redirect" faults/,
    );
    expect(() => emulator.addFault({ type: "oversized", bytes: 0 })).toThrow(/bytes: must be a whole number/);
    expect(() => emulator.addFault({ type: "redirect", location: "ftp://x" })).toThrow(/location: must be an absolute/);
  });
});
