/**
 * The Flow endpoints' answers, from a scripted HTTP server on loopback: Kaleyra's pages show no
 * response bodies for them, so the client reads every documented possibility (Kaleyra's
 * envelope, Meta's bare object, Meta's error object in either) and refuses anything else. And
 * the asset download: a URL a response named gets no key, no header, no redirect followed.
 */
import {
  FlowBlockedError,
  FlowDeleteRefusedError,
  FlowDeprecateRefusedError,
  FlowPublishRefusedError,
  FlowUpdateRefusedError,
  InvalidParameterError,
  KaleyraClient,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
} from "../../provider";
import { failure } from "../support/failure";
import { ScriptedAnswer, ScriptedRequest, startScriptedServer } from "../support/scripted-server";

const SID = "HXAP16DEMO0097IN";
const FLOW = "1234567890123451";
const WABA = "102290129340398";
const KEY = "Ascriptedkey00000000000000000007";

let answers: ScriptedAnswer[] = [];
let server: Awaited<ReturnType<typeof startScriptedServer>>;

beforeAll(async () => {
  server = await startScriptedServer(() => answers.shift() ?? { status: 500, body: "no answer scripted" });
});
afterAll(async () => server.close());
beforeEach(() => {
  server.requests.splice(0);
  answers = [];
});

function client(): KaleyraClient {
  return new KaleyraClient({
    apiDomain: server.url,
    sid: SID,
    apiKey: KEY,
    timeoutMs: 2000,
    deadlineMs: 5000,
    maxRetries: 2,
    retryBaseMs: 1,
    retryMaxDelayMs: 2,
    maxRetryAfterMs: 2,
    concurrency: 4,
  });
}

const envelope = (data: unknown) => ({ code: "WA200", message: "Request Processed Successfully", data, error: {} });
const metaError = (code: number, message: string) => ({
  error: { message, type: "OAuthException", code, error_subcode: 4016012, fbtrace_id: "AbCdEf" },
});

describe("Create Flow", () => {
  test.each([
    ["Meta's answer, bare", { id: FLOW, success: true, validation_errors: [] }],
    ["Meta's answer in Kaleyra's envelope", envelope({ id: FLOW, success: true, validation_errors: [] })],
    ["an older sample's {id} alone", { id: FLOW }],
    ["a numeric id that is a safe integer", { id: Number(FLOW) }],
  ])("%s: the new flow's id", async (_title, body) => {
    answers = [{ body }];
    const made = await client().createFlow(WABA, { name: "Sign up", categories: ["SIGN_UP"] });
    expect(made.id).toBe(FLOW);
    const request = server.requests[0];
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`/v2/${SID}/whatsapp/${WABA}/flows`);
    expect(JSON.parse(request.body)).toEqual({ name: "Sign up", categories: ["SIGN_UP"] });
    expect(request.headers["content-type"]).toBe("application/json");
  });

  test.each([
    ["no id", { success: true }, "carries no flow id"],
    ["an id that is not digits", { id: "abc", success: true }, "carries no flow id"],
    ["success false", { id: FLOW, success: false }, "success is not true"],
    ["validation_errors that are not a list", { id: FLOW, validation_errors: "bad" }, "not a list"],
  ])("%s: refused, nothing taken from it", async (_title, body, reason) => {
    answers = [{ body }];
    const error = await failure(client().createFlow(WABA, { name: "Sign up", categories: ["SIGN_UP"] }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).reason).toContain(reason);
  });

  test("a 5xx after sending is not retried: a second create could make a second flow", async () => {
    answers = [{ status: 500, body: { code: "WA-500", message: "Internal error" } }, { body: { id: FLOW } }];
    const error = await failure(client().createFlow(WABA, { name: "Sign up", categories: ["SIGN_UP"] }));
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test("a rate limit refused it before acting: retried", async () => {
    answers = [{ status: 429, body: { code: "WA-429", message: "Too many requests" } }, { body: { id: FLOW } }];
    expect((await client().createFlow(WABA, { name: "Sign up", categories: ["SIGN_UP"] })).id).toBe(FLOW);
    expect(server.requests).toHaveLength(2);
  });
});

describe("Update Flow JSON", () => {
  const JSON_TEXT = '{\n  "version": "7.3",\n  "screens": []\n}\n';

  test("multipart form-data: file (flow.json, the JSON), name=flow.json, asset_type=FLOW_JSON", async () => {
    answers = [{ body: { success: true, validation_errors: [] } }];
    expect(await client().uploadFlowJson(FLOW, JSON_TEXT)).toEqual([]);
    const request = server.requests[0];
    expect(request.url).toBe(`/v2/${SID}/whatsapp/${FLOW}/assets`);
    const type = String(request.headers["content-type"]);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    // Parsed back with the platform's own multipart reader.
    const form = await new Response(request.body, { headers: { "content-type": type } }).formData();
    const file = form.get("file") as File;
    expect(file.name).toBe("flow.json");
    expect(await file.text()).toBe(JSON_TEXT);
    expect(form.get("name")).toBe("flow.json");
    expect(form.get("asset_type")).toBe("FLOW_JSON");
  });

  test("Meta's validation errors, with positions and pointer where given, message alone where not", async () => {
    const errors = [
      {
        error: "INVALID_PROPERTY_VALUE",
        error_type: "FLOW_JSON_ERROR",
        message: "Invalid value found for property 'type'.",
        line_start: 10,
        line_end: 10,
        column_start: 21,
        column_end: 34,
        pointers: [
          {
            line_start: 10,
            line_end: 10,
            column_start: 21,
            column_end: 34,
            path: "screens[0].layout.children[0].type",
          },
        ],
      },
      { error: "MISSING_TERMINAL", error_type: "FLOW_JSON_ERROR", message: "No terminal screen at /screens" },
    ];
    answers = [{ body: envelope({ success: true, validation_errors: errors }) }];
    expect(await client().uploadFlowJson(FLOW, JSON_TEXT)).toEqual([
      {
        message: "Invalid value found for property 'type'.",
        error: "INVALID_PROPERTY_VALUE",
        line: 10,
        column: 21,
        pointer: "screens[0].layout.children[0].type",
      },
      { message: "No terminal screen at /screens", error: "MISSING_TERMINAL" },
    ]);
  });

  test.each([
    ["no success", { validation_errors: [] }, "not a success"],
    ["an error without a message", { success: true, validation_errors: [{ error: "X" }] }, "has no message"],
    ["a line that is not a number", { success: true, validation_errors: [{ message: "m", line_start: "3" }] }, "line"],
  ])("%s: refused", async (_title, body, reason) => {
    answers = [{ body }];
    const error = await failure(client().uploadFlowJson(FLOW, JSON_TEXT));
    expect((error as UnexpectedResponseError).reason).toContain(reason);
  });
});

describe("Get Flow Assets", () => {
  const ASSET = { name: "flow.json", asset_type: "FLOW_JSON", download_url: "https://cdn.example.com/f?sig=1" };
  test.each([
    ["Meta's list, bare", { data: [ASSET], paging: { cursors: { before: "b", after: "a" } } }],
    ["in Kaleyra's envelope", envelope({ data: [ASSET], paging: {} })],
    ["the envelope holding the list", { ...envelope([ASSET]), paging: {} }],
  ])("%s", async (_title, body) => {
    answers = [{ body }];
    const page = await client().getFlowAssets(FLOW);
    expect(page).toEqual({ assets: [{ name: "flow.json", assetType: "FLOW_JSON", downloadUrl: ASSET.download_url }] });
    expect(server.requests[0].url).toBe(`/v2/${SID}/whatsapp/${FLOW}/assets`);
  });

  test("an asset without a download_url is refused", async () => {
    answers = [{ body: { data: [{ name: "flow.json", asset_type: "FLOW_JSON" }] } }];
    const error = await failure(client().getFlowAssets(FLOW));
    expect((error as UnexpectedResponseError).reason).toContain("download_url");
  });
});

describe("the asset download: a URL a response named", () => {
  function downloadUrl(path: string): string {
    // Another host name for this machine than the API's origin, as a CDN would be.
    return server.url.replace("127.0.0.1", "localhost") + path;
  }
  const headerNames = (request: ScriptedRequest) => Object.keys(request.headers).sort();

  test("is fetched with no api-key and no header of this package's", async () => {
    answers = [{ body: { version: "7.3", screens: [] } }];
    const text = await client().downloadAsset(FLOW, downloadUrl("/asset/flow.json?sig=abc"));
    expect(JSON.parse(text)).toEqual({ version: "7.3", screens: [] });
    const request = server.requests[0];
    expect(request.url).toBe("/asset/flow.json?sig=abc");
    expect(headerNames(request)).toEqual(["connection", "host"]);
    expect(JSON.stringify(request)).not.toContain(KEY);
  });

  test("a redirect is refused, never followed", async () => {
    answers = [{ status: 302, headers: { location: downloadUrl("/elsewhere") }, body: "" }];
    const error = await failure(client().downloadAsset(FLOW, downloadUrl("/asset")));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).reason).toContain("redirect");
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ["plain http to another host", "http://cdn.example.com/flow.json", "only https"],
    ["credentials in the URL", "https://user:pw@cdn.example.com/flow.json", "credentials"],
    ["not a URL", "/relative/flow.json", "not an absolute URL"],
    ["another scheme", "file:///etc/passwd", "only https"],
  ])("%s: refused, nothing fetched", async (_title, url, reason) => {
    const error = await failure(client().downloadAsset(FLOW, url));
    expect((error as UnexpectedResponseError).reason).toContain(reason);
    expect(error.message).not.toContain(url);
    expect(server.requests).toHaveLength(0);
  });

  test("an answer that is not 2xx is not the asset", async () => {
    answers = [{ status: 404, body: "expired" }];
    const error = await failure(client().downloadAsset(FLOW, downloadUrl("/asset")));
    expect(error.status).toBe(404);
  });
});

describe("Meta's errors, bare or in Kaleyra's envelope", () => {
  test.each([
    [100, InvalidParameterError, "Flow name is not unique"],
    [139000, FlowBlockedError, "Blocked by integrity"],
    [139001, FlowUpdateRefusedError, "Once published, Flows can no longer be updated"],
    [139002, FlowPublishRefusedError, "Publishing Flow in invalid state"],
    [139003, FlowDeprecateRefusedError, "Can't deprecate an unpublished Flow"],
    [139004, FlowDeleteRefusedError, "Flow can't be deleted"],
  ] as const)("Meta code %d", async (code, type, message) => {
    for (const body of [
      metaError(code, message),
      { code: "WA-400", message: "Bad request", data: {}, ...metaError(code, message) },
    ]) {
      answers = [{ status: 400, body }];
      const error = await failure(client().publishFlow(FLOW));
      expect(error).toBeInstanceOf(type);
      expect(error.metaCode).toBe(code);
      expect(error.message).toContain(`(Meta error ${code})`);
      expect(error.message).toContain(message);
      expect(error.message).toContain(`flow ${FLOW}`);
    }
  });

  test("code 4, Meta's rate limit (HTTP 400), is retried", async () => {
    answers = [{ status: 400, body: metaError(4, "Application request limit reached") }, { body: { success: true } }];
    await client().deprecateFlow(FLOW);
    expect(server.requests).toHaveLength(2);
  });

  test("code 4 past the retries is a RateLimitError", async () => {
    answers = [1, 2, 3].map(() => ({ status: 400, body: metaError(4, "Application request limit reached") }));
    expect(await failure(client().deprecateFlow(FLOW))).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(3);
  });

  test("Publish, Deprecate and Delete: the routes and their success", async () => {
    answers = [{ body: { success: true } }, { body: envelope({ success: true }) }, { body: { success: true } }];
    await client().publishFlow(FLOW);
    await client().deprecateFlow(FLOW);
    await client().deleteFlow(FLOW);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v2/${SID}/whatsapp/${FLOW}/publish`,
      `POST /v2/${SID}/whatsapp/${FLOW}/deprecate`,
      `DELETE /v2/${SID}/whatsapp/${FLOW}`,
    ]);
  });

  test("a 200 without success: true is not taken as done", async () => {
    answers = [{ body: { id: FLOW } }];
    const error = await failure(client().publishFlow(FLOW));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });
});
