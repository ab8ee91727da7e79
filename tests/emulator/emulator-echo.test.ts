/**
 * The `echo` fault: the request's api-key reflected in the answer, in each shape a client's
 * redaction must cope with, while the emulator's own request log keeps it masked.
 */
import * as http from "node:http";
import {
  DEMO_SEED,
  ECHO_SHAPES,
  EmulatorControl,
  INTERNAL_ERROR_BODY,
  RATE_LIMIT_BODY,
  RunningEmulator,
  startEmulator,
} from "../../emulator";

const [IN] = DEMO_SEED.accounts;
const SIGN_UP = "1234567890123451";
const SURVEY = "1234567890123453";
const KEY = IN.apiKey;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with node:http, so headers come back exactly as sent (fetch would reject a bad charset). */
function send(method: "GET" | "POST", urlPath: string, key: string | null = KEY, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = key === null ? {} : { "api-key": key };
    const request = http.request(`${emulator.url}${urlPath}`, { method, headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const flowPath = (flow = SIGN_UP) => `/v2/${IN.sid}/whatsapp/${flow}`;
const post = (key: string | null = KEY, flow = SIGN_UP) =>
  send("POST", flowPath(flow), key, JSON.stringify({ name: "Echo me" }));

describe("each shape puts the key where it says, with status 500 by default", () => {
  test("message: Kaleyra's envelope (the documented WA-500) with the key inside message", async () => {
    emulator.addFault({ type: "echo", shape: "message" });
    const answer = await post();
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toBe("application/json");
    const json = JSON.parse(answer.text);
    expect(json).toEqual({ ...INTERNAL_ERROR_BODY, message: `Invalid api-key: ${KEY}` });
    expect(answer.text).toBe(JSON.stringify(json, null, 4));
  });

  test("errorField: the key inside error['api-key']", async () => {
    emulator.addFault({ type: "echo", shape: "errorField" });
    const json = JSON.parse((await post()).text);
    expect(json).toEqual({
      code: "WA-500",
      message: "Please try again later",
      data: {},
      error: { "api-key": `${KEY} is not valid` },
    });
  });

  test("code: the key as the envelope's code", async () => {
    emulator.addFault({ type: "echo", shape: "code" });
    const json = JSON.parse((await post()).text);
    expect(json).toEqual({ ...INTERNAL_ERROR_BODY, code: KEY });
  });

  test("escaped: every character a \\uXXXX escape, so the raw text never holds the key but the parsed JSON does", async () => {
    emulator.addFault({ type: "echo", shape: "escaped" });
    const answer = await post();
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain(KEY);
    expect(answer.text).not.toContain(KEY.slice(0, 4));
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    expect(answer.text).toContain(`"message": "Invalid api-key: ${escaped}"`);
    expect(JSON.parse(answer.text)).toEqual({ ...INTERNAL_ERROR_BODY, message: `Invalid api-key: ${KEY}` });
  });

  test("html: a text/html page holding the key", async () => {
    emulator.addFault({ type: "echo", shape: "html" });
    const answer = await post();
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toBe("text/html");
    expect(answer.text).toMatch(/^<html>.*<title>500 Internal Server Error<\/title>.*<\/html>$/);
    expect(answer.text).toContain(KEY);
  });

  test("text: a text/plain body holding the key", async () => {
    emulator.addFault({ type: "echo", shape: "text" });
    const answer = await post();
    expect(answer.headers["content-type"]).toBe("text/plain");
    expect(answer.text).toBe(`500 Internal Server Error: invalid api-key ${KEY}\n`);
  });

  test("header: an ordinary WA-500 body, the key in content-type's charset and in retry-after", async () => {
    emulator.addFault({ type: "echo", shape: "header" });
    const answer = await post();
    expect(answer.status).toBe(500);
    expect(answer.text).toBe(JSON.stringify(INTERNAL_ERROR_BODY, null, 4));
    expect(answer.text).not.toContain(KEY);
    expect(answer.headers["content-type"]).toBe(`application/json; charset=${KEY}`);
    expect(answer.headers["retry-after"]).toBe(KEY);
  });

  test("ECHO_SHAPES lists the seven shapes", () => {
    expect([...ECHO_SHAPES]).toEqual(["message", "errorField", "code", "escaped", "html", "text", "header"]);
  });
});

describe("status", () => {
  test.each([
    [400, "WA-400", "Bad Request"],
    [401, "WA-401", "Unauthorized"],
    [502, "WA-502", "Bad Gateway"],
  ])("%i: code %s", async (status, code, reason) => {
    emulator.addFault({ type: "echo", shape: "message", status });
    const answer = await post();
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.text)).toEqual({
      code,
      message: `Invalid api-key: ${KEY}`,
      data: {},
      error: { error: reason },
    });
  });

  test("429: the rate limit envelope, key in message", async () => {
    emulator.addFault({ type: "echo", shape: "errorField", status: 429 });
    const answer = await post();
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text)).toEqual({ ...RATE_LIMIT_BODY, error: { "api-key": `${KEY} is not valid` } });
  });

  test("200: code WA200 with empty data (no success: true), so it is no recognised success", async () => {
    emulator.addFault({ type: "echo", shape: "message", status: 200 });
    const answer = await post();
    expect(answer.status).toBe(200);
    const json = JSON.parse(answer.text);
    expect(json).toEqual({ code: "WA200", message: `Invalid api-key: ${KEY}`, data: {}, error: {} });
    expect(json.data).not.toHaveProperty("success");
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up"); // nothing was applied
  });

  test("200 with header shape: the plain WA200 envelope, key only in the headers", async () => {
    emulator.addFault({ type: "echo", shape: "header", status: 200 });
    const answer = await post();
    expect(JSON.parse(answer.text)).toEqual({
      code: "WA200",
      message: "Request Processed Successfully",
      data: {},
      error: {},
    });
    expect(answer.headers["retry-after"]).toBe(KEY);
  });

  test("code shape keeps the key as code whatever the status", async () => {
    emulator.addFault({ type: "echo", shape: "code", status: 401 });
    const answer = await post();
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({
      code: KEY,
      message: "Unauthorized",
      data: {},
      error: { error: "Unauthorized" },
    });
  });

  test("html and text name the status", async () => {
    emulator.addFault({ type: "echo", shape: "html", status: 502, times: 1 });
    emulator.addFault({ type: "echo", shape: "text", status: 400, times: 1 });
    expect((await post()).text).toContain("<h1>502 Bad Gateway</h1>");
    expect((await post()).text).toBe(`400 Bad Request: invalid api-key ${KEY}\n`);
  });
});

describe("which key is echoed", () => {
  test("a wrong key is echoed too: the fault comes before authentication", async () => {
    emulator.addFault({ type: "echo", shape: "message" });
    expect(JSON.parse((await post("Awrong-key-0000000001")).text).message).toBe(
      "Invalid api-key: Awrong-key-0000000001",
    );
  });

  test("no api-key header, or an empty one: the literal <none>", async () => {
    emulator.addFault({ type: "echo", shape: "errorField" });
    expect(JSON.parse((await post(null)).text).error).toEqual({ "api-key": "<none> is not valid" });
    expect(JSON.parse((await post("")).text).error).toEqual({ "api-key": "<none> is not valid" });
  });
});

describe("selectors", () => {
  test("flowId, method and times scope the rule like any fault", async () => {
    emulator.addFault({ type: "echo", shape: "code", flowId: SURVEY, method: "GET", times: 1 });
    expect((await post(KEY, SURVEY)).status).toBe(200); // POST: not matched
    expect((await send("GET", flowPath(SIGN_UP))).status).toBe(200); // other flow
    const echoed = await send("GET", flowPath(SURVEY));
    expect([echoed.status, JSON.parse(echoed.text).code]).toEqual([500, KEY]);
    expect((await send("GET", flowPath(SURVEY))).status).toBe(200); // expired
  });

  test("wabaId scopes a rule to the flow list of that WABA", async () => {
    emulator.addFault({ type: "echo", shape: "text", wabaId: IN.wabaId! });
    expect((await post()).status).toBe(200);
    const listed = await send("GET", `/v2/${IN.sid}/whatsapp/${IN.wabaId}/flows`);
    expect(listed.status).toBe(500);
    expect(listed.text).toContain(KEY);
  });

  test("added through the control API, and listed with its fields", async () => {
    const control = new EmulatorControl(emulator.url);
    const id = await control.addFault({ type: "echo", shape: "escaped", status: 401, rate: 1 });
    expect(await control.faults()).toEqual([{ id, type: "echo", shape: "escaped", status: 401, rate: 1 }]);
    expect((await post()).status).toBe(401);
  });
});

describe("the log never holds the key", () => {
  test.each(ECHO_SHAPES)("%s: the echoed request's entry masks the key in headers and body", async (shape) => {
    emulator.addFault({ type: "echo", shape });
    await send("POST", flowPath(), KEY, JSON.stringify({ name: `carrying ${KEY}` }));
    const raw = await (await fetch(`${emulator.url}/__emulator/requests`)).text();
    expect(raw).not.toContain(KEY);
    const [entry] = JSON.parse(raw).requests;
    expect(entry.headers["api-key"]).toBe("***");
    expect(entry.body).toBe(JSON.stringify({ name: "carrying ***" }));
    expect(entry.status).toBe(500);
    expect(JSON.stringify(emulator.requests())).not.toContain(KEY);
  });
});

describe("validation", () => {
  test.each([
    [
      { type: "echo" },
      /shape: must be one of "message", "errorField", "code", "escaped", "html", "text", "header", got nothing/,
    ],
    [{ type: "echo", shape: "json" }, /shape: must be one of .*got "json"/],
    [{ type: "echo", shape: "message", status: 199 }, /status: must be an HTTP status from 200 to 599, got 199/],
    [{ type: "echo", shape: "message", status: 600 }, /status: must be an HTTP status from 200 to 599, got 600/],
    [{ type: "echo", shape: "message", status: 500.5 }, /status: must be an HTTP status/],
    [{ type: "echo", shape: "message", status: "500" }, /status: must be an HTTP status from 200 to 599, got "500"/],
    [{ type: "error500", shape: "message" }, /shape: applies only to "echo" faults/],
    [{ type: "html502", status: 502 }, /status: applies only to "echo" faults/],
    [{ type: "echo", shape: "message", wabaId: "abc" }, /wabaId: must be a string of digits/],
  ])("%j is refused", (rule, message) => {
    expect(() => emulator.addFault(rule as never)).toThrow(message);
  });

  test("every status from 200 to 599 is accepted", () => {
    for (const status of [200, 201, 204, 301, 404, 418, 503, 599])
      emulator.addFault({ type: "echo", shape: "message", status });
    expect(emulator.faults()).toHaveLength(8);
  });
});
