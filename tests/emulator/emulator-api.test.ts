/**
 * The emulated Kaleyra endpoints beyond the page's examples: each cause of the WA-400,
 * the order of the checks, refused statuses, flow details, and the 404/405 fallbacks.
 * Real HTTP on loopback with Node's fetch.
 */
import {
  API_NOT_AVAILABLE_BODY,
  DEMO_SEED,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_PAYLOAD_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  RunningEmulator,
  startEmulator,
  SUCCESS_BODY,
} from "../../emulator";

const [IN, EU, NOFLOW] = DEMO_SEED.accounts;
const SIGN_UP = "1234567890123451";
const BOOKING = "1234567890123452"; // PUBLISHED
const SURVEY = "1234567890123453";
const LEAD = EU.flows[0].id; // belongs to the EU account

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true }); // demo seed by default
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

async function call(
  method: string,
  urlPath: string,
  options: { key?: string | null; body?: string; contentType?: string } = {},
) {
  const key = options.key === undefined ? IN.apiKey : options.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers["api-key"] = key;
  if (options.contentType) headers["content-type"] = options.contentType;
  const response = await fetch(`${emulator.url}${urlPath}`, { method, headers, body: options.body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

const flowPath = (flow: string, sid = IN.sid) => `/v2/${sid}/whatsapp/${flow}`;
const post = (flow: string, body: unknown, options: { key?: string | null; sid?: string } = {}) =>
  call("POST", flowPath(flow, options.sid), {
    key: options.key,
    body: typeof body === "string" ? body : JSON.stringify(body),
    contentType: "application/json",
  });

describe("POST: each cause of the WA-400 'Incorrect payload format'", () => {
  test.each([
    ["a body that is not JSON", "name=Sign+up"],
    ["an empty body", ""],
    ["truncated JSON", '{"name": "x"'],
    ["a JSON array", '[{"name": "x"}]'],
    ["a JSON string", '"x"'],
    ["JSON null", "null"],
    ["an empty object (nothing to update)", {}],
    ["an unknown field", { name: "x", description: "y" }],
    ["a camelCase field", { endpointUri: "https://example.com/x" }],
    ["name not a string", { name: 42 }],
    ["name null", { name: null }],
    ["name empty", { name: "" }],
    ["name whitespace only", { name: " \t\n" }],
    ["categories not an array", { categories: "SIGN_UP" }],
    ["categories empty", { categories: [] }],
    ["categories with a non-string", { categories: ["SIGN_UP", 3] }],
    ["categories with an unknown value", { categories: ["SIGN_UP", "NEWSLETTER"] }],
    ["categories in lower case", { categories: ["sign_up"] }],
    ["endpoint_uri not a string", { endpoint_uri: 5 }],
    ["endpoint_uri http", { endpoint_uri: "http://example.com/x" }],
    ["endpoint_uri relative", { endpoint_uri: "/flows/x" }],
    ["endpoint_uri not a URL", { endpoint_uri: "example.com" }],
    ["endpoint_uri empty", { endpoint_uri: "" }],
    ["endpoint_uri with surrounding spaces", { endpoint_uri: " https://example.com/x " }],
    ["one bad field among good ones", { name: "ok", categories: ["SIGN_UP"], endpoint_uri: "ftp://example.com" }],
  ])("%s", async (_name, body) => {
    const answer = await post(SIGN_UP, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(INCORRECT_PAYLOAD_BODY);
    expect(emulator.getFlow(IN.sid, SIGN_UP)).toEqual(DEMO_SEED.accounts[0].flows[0]); // unchanged
  });
});

describe("POST: order of the checks", () => {
  test("wrong key beats everything else: RBC001", async () => {
    expect((await post("not-a-flow", "garbage", { key: "Awrong" })).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
  });

  test("the key of another account does not open this one", async () => {
    const answer = await post(SIGN_UP, { name: "x" }, { key: EU.apiKey });
    expect([answer.status, answer.json]).toEqual([401, INCORRECT_SID_OR_KEY_BODY]);
  });

  test("an empty api-key header is a missing key", async () => {
    expect((await post(SIGN_UP, { name: "x" }, { key: "" })).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
  });

  test("Flow API disabled beats an unknown flow and a bad payload", async () => {
    const answer = await post("999", "garbage", { sid: NOFLOW.sid, key: NOFLOW.apiKey });
    expect([answer.status, answer.json]).toEqual([401, API_NOT_AVAILABLE_BODY]);
    expect(typeof answer.json.error).toBe("string");
  });

  test("an unknown flow beats a bad payload", async () => {
    const answer = await post("1111111111111111", "garbage");
    expect([answer.status, answer.json]).toEqual([401, FLOW_NOT_FOUND_BODY]);
  });

  test("a flow of another account is 'does not belong to the account', not a hint that it exists", async () => {
    const answer = await post(LEAD, { name: "x" });
    expect([answer.status, answer.json]).toEqual([401, FLOW_NOT_FOUND_BODY]);
    expect(emulator.getFlow(EU.sid, LEAD)!.name).toBe("Lead capture");
  });

  test.each(["abc", "12x4", "-1", "1.5", "%20"])("a flow id that is not digits (%s) is the same WA-401", async (id) => {
    const answer = await post(id, { name: "x" });
    expect([answer.status, answer.json]).toEqual([401, FLOW_NOT_FOUND_BODY]);
  });

  test("a bad payload to a DEPRECATED flow is still the payload's WA-400", async () => {
    emulator.patchFlow(IN.sid, SIGN_UP, { status: "DEPRECATED" });
    expect((await post(SIGN_UP, {})).json).toEqual(INCORRECT_PAYLOAD_BODY);
  });
});

describe("POST: flow status", () => {
  test.each(["DEPRECATED", "BLOCKED"] as const)(
    "a %s flow refuses metadata updates with a WA-400 naming it",
    async (status) => {
      emulator.patchFlow(IN.sid, SIGN_UP, { status });
      const answer = await post(SIGN_UP, { name: "New" });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        code: "WA-400",
        message: "Flow metadata cannot be updated in its current status",
        data: {},
        error: { flow_id: `Flow ${SIGN_UP} is ${status}; its metadata cannot be updated.` },
      });
      expect(answer.text).toBe(JSON.stringify(answer.json, null, 4));
      expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up");
    },
  );

  test("a DRAFT flow accepts and stays DRAFT", async () => {
    const answer = await post(SIGN_UP, { name: "New" });
    expect([answer.status, answer.json]).toEqual([200, SUCCESS_BODY]);
    expect(emulator.getFlow(IN.sid, SIGN_UP)).toMatchObject({ name: "New", status: "DRAFT" });
  });

  // The demo accounts play publishedUpdate "revert-to-draft" (emulator-published.test.ts
  // covers both modes): the update is accepted and the flow goes back to DRAFT.
  test.each(["PUBLISHED", "THROTTLED"] as const)("a %s flow of the demo accepts, and becomes DRAFT", async (status) => {
    emulator.patchFlow(IN.sid, SIGN_UP, { status });
    const answer = await post(SIGN_UP, { name: "New" });
    expect([answer.status, answer.json]).toEqual([200, SUCCESS_BODY]);
    expect(emulator.getFlow(IN.sid, SIGN_UP)).toMatchObject({ name: "New", status: "DRAFT" });
  });
});

describe("POST: success", () => {
  test("stores only the fields sent; categories exactly as sent (order and duplicates kept)", async () => {
    const answer = await post(SURVEY, { categories: ["OTHER", "SURVEY", "OTHER"] });
    expect([answer.status, answer.json]).toEqual([200, SUCCESS_BODY]);
    expect(emulator.getFlow(IN.sid, SURVEY)).toEqual({
      id: SURVEY,
      name: "Customer survey",
      categories: ["OTHER", "SURVEY", "OTHER"],
      status: "DRAFT",
    });
  });

  test("adds an endpoint to a flow without one, and the EU account works with its own key", async () => {
    expect((await post(BOOKING, { endpoint_uri: "https://example.com/book" })).status).toBe(200);
    expect(emulator.getFlow(IN.sid, BOOKING)!.endpoint_uri).toBe("https://example.com/book");
    expect((await post(LEAD, { name: "Leads" }, { sid: EU.sid, key: EU.apiKey })).status).toBe(200);
    expect(emulator.getFlow(EU.sid, LEAD)!.name).toBe("Leads");
  });

  test("a body with a JSON content-type, a text one, or none at all is parsed the same", async () => {
    for (const contentType of ["application/json", "text/plain", "application/x-www-form-urlencoded", undefined]) {
      const answer = await call("POST", flowPath(SIGN_UP), {
        body: JSON.stringify({ name: `via ${contentType}` }),
        contentType,
      });
      expect(answer.status).toBe(200);
      expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe(`via ${contentType}`);
    }
  });

  test("non-ASCII names survive the round trip", async () => {
    expect((await post(SIGN_UP, { name: "Inscripción – 登録" })).status).toBe(200);
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Inscripción – 登録");
  });

  test("responses are keep-alive JSON with a content-length", async () => {
    const answer = await post(SIGN_UP, { name: "x" });
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("content-length")).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.headers.get("connection")).toBe("keep-alive");
  });
});

describe("GET flow details", () => {
  const envelope = (data: unknown) => ({ code: "WA200", message: "Request Processed Successfully", data, error: {} });

  test("fields=name,categories,endpoint_uri,status", async () => {
    const answer = await call("GET", `${flowPath(SIGN_UP)}?fields=name,categories,endpoint_uri,status`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(
      envelope({
        id: SIGN_UP,
        name: "Sign up",
        categories: ["SIGN_UP"],
        endpoint_uri: "https://example.com/flows/sign-up",
        status: "DRAFT",
      }),
    );
    expect(answer.text).toBe(JSON.stringify(answer.json, null, 4));
  });

  test("endpoint_uri is left out when the flow has none, even if asked for", async () => {
    const answer = await call("GET", `${flowPath(BOOKING)}?fields=name,categories,endpoint_uri,status`);
    expect(answer.json.data).toEqual({
      id: BOOKING,
      name: "Book an appointment",
      categories: ["APPOINTMENT_BOOKING"],
      status: "PUBLISHED",
    });
  });

  test("without fields: id, name, categories, status, validation_errors (no endpoint_uri)", async () => {
    const answer = await call("GET", flowPath(SIGN_UP));
    expect(answer.json).toEqual(
      envelope({ id: SIGN_UP, name: "Sign up", categories: ["SIGN_UP"], status: "DRAFT", validation_errors: [] }),
    );
  });

  test("only the fields asked for; unknown names ignored; spaces tolerated", async () => {
    const answer = await call("GET", `${flowPath(SURVEY)}?fields=status,%20json_version,validation_errors,preview`);
    expect(answer.json.data).toEqual({ id: SURVEY, status: "DRAFT", validation_errors: [] });
    expect((await call("GET", `${flowPath(SURVEY)}?fields=nonsense`)).json.data).toEqual({ id: SURVEY });
  });

  test("reflects an update just made", async () => {
    await post(SURVEY, { name: "Survey v2", endpoint_uri: "https://example.com/s" });
    const answer = await call("GET", `${flowPath(SURVEY)}?fields=name,endpoint_uri`);
    expect(answer.json.data).toEqual({ id: SURVEY, name: "Survey v2", endpoint_uri: "https://example.com/s" });
  });

  test("a DEPRECATED flow can still be read", async () => {
    emulator.patchFlow(IN.sid, SIGN_UP, { status: "DEPRECATED" });
    expect((await call("GET", `${flowPath(SIGN_UP)}?fields=status`)).json.data).toEqual({
      id: SIGN_UP,
      status: "DEPRECATED",
    });
  });

  test("the same three 401s as POST", async () => {
    expect((await call("GET", flowPath(SIGN_UP), { key: null })).json).toEqual(INCORRECT_SID_OR_KEY_BODY);
    expect((await call("GET", flowPath("1", NOFLOW.sid), { key: NOFLOW.apiKey })).json).toEqual(API_NOT_AVAILABLE_BODY);
    const notFound = await call("GET", flowPath(LEAD));
    expect([notFound.status, notFound.json]).toEqual([401, FLOW_NOT_FOUND_BODY]);
  });
});

describe("other paths and methods", () => {
  test.each([
    "/v2",
    "/v2/",
    `/v2/${IN.sid}`,
    `/v2/${IN.sid}/whatsapp`,
    `/v2/${IN.sid}/whatsapp/`,
    `/v2/${IN.sid}/messages/${SIGN_UP}`,
    `/v2/${IN.sid}/whatsapp/${SIGN_UP}/extra`,
  ])("%s is a WA-404", async (urlPath) => {
    const answer = await call("POST", urlPath, { body: '{"name": "x"}' });
    expect([answer.status, answer.json]).toEqual([404, { code: "WA-404", message: "Not found", data: {}, error: {} }]);
  });

  test.each(["PUT", "PATCH"])("%s on a flow path is a WA-405 with Allow", async (method) => {
    const answer = await call(method, flowPath(SIGN_UP), { body: '{"name": "x"}' });
    expect(answer.status).toBe(405);
    expect(answer.json).toEqual({ code: "WA-405", message: "Method not allowed", data: {}, error: {} });
    expect(answer.headers.get("allow")).toBe("GET, POST, DELETE");
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up");
  });

  test("paths outside /v2 and /__emulator are 404 and not logged", async () => {
    expect((await call("GET", "/")).status).toBe(404);
    expect((await call("GET", "/v20/x")).status).toBe(404);
    expect(emulator.requests()).toEqual([]);
  });
});
