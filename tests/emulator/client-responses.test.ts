/**
 * Fail safe on answers: the client accepts the shapes Kaleyra may use and nothing else. Shapes
 * Kaleyra's pages do not show (so the emulator does not play them) come from a scripted HTTP
 * server on loopback: a 200 that is not a recognised success, details about another flow, a
 * list whose paging cannot be followed.
 */
import { FlowApiNotEnabledError, FlowNotFoundError, KaleyraClient, UnexpectedResponseError } from "../../provider";
import { ScriptedAnswer, startScriptedServer } from "../support/scripted-server";
import { failure } from "../support/failure";

const SID = "HXAP16DEMO0097IN";
const FLOW = "1234567890123451";
const KEY = "Ascriptedkey00000000000000000003";
const FLOW_OBJECT = {
  id: FLOW,
  name: "Sign up",
  categories: ["SIGN_UP"],
  endpoint_uri: "https://flows.example.com/s",
  status: "DRAFT",
};
const SEED_SUCCESS = { code: "WA200", message: "Request Processed Successfully", data: { success: true }, error: {} };

let next: ScriptedAnswer = { body: {} };
let server: Awaited<ReturnType<typeof startScriptedServer>>;

beforeAll(async () => {
  server = await startScriptedServer(() => next);
});
afterAll(async () => server.close());
beforeEach(() => server.requests.splice(0));

function client(): KaleyraClient {
  return new KaleyraClient({
    apiDomain: server.url,
    sid: SID,
    apiKey: KEY,
    timeoutMs: 2000,
    deadlineMs: 5000,
    maxRetries: 2,
    retryBaseMs: 5,
    retryMaxDelayMs: 10,
    maxRetryAfterMs: 10,
    concurrency: 4,
  });
}

describe("Get Flow Details: the shapes Kaleyra may use", () => {
  test.each([
    [
      "Kaleyra's envelope, the flow in data",
      { code: "WA200", message: "Request Processed Successfully", data: FLOW_OBJECT, error: {} },
    ],
    ["Meta's bare flow object", FLOW_OBJECT],
    ["a numeric id that is a safe integer", { ...FLOW_OBJECT, id: Number(FLOW) }],
    ["an empty endpoint_uri (none set)", { ...FLOW_OBJECT, endpoint_uri: "" }],
  ])("%s", async (_title, body) => {
    next = { body };
    const flow = await client().getFlow(FLOW);
    expect(flow).toMatchObject({ id: FLOW, name: "Sign up", categories: ["SIGN_UP"], status: "DRAFT" });
    expect(server.requests[0].url).toBe(`/v2/${SID}/whatsapp/${FLOW}?fields=id,name,categories,endpoint_uri,status`);
  });

  test.each([
    ["an empty object", {}, "the flow object carries no id"],
    ["a list", [FLOW_OBJECT], "no flow object"],
    ["null", null, "no flow object"],
    ["the envelope with no flow", { code: "WA200", message: "ok", data: {}, error: {} }, "carries no id"],
    ["the envelope holding a list", { code: "WA200", message: "ok", data: [FLOW_OBJECT], error: {} }, "no flow object"],
    [
      "another flow's details",
      { ...FLOW_OBJECT, id: "1234567890123452" },
      "the response is about flow 1234567890123452, not 1234567890123451",
    ],
    ["an id that is not digits", { ...FLOW_OBJECT, id: "abc" }, "id is not a string of digits"],
    ["an unsafe numeric id", `{"id": 12345678901234567890, "status": "DRAFT"}`, "id is not a string of digits"],
    ["no status", { ...FLOW_OBJECT, status: undefined }, "has no status"],
    [
      "an unknown status",
      { ...FLOW_OBJECT, status: "LIVE" },
      "a status that is none of DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED",
    ],
    ["a name that is not a string", { ...FLOW_OBJECT, name: 7 }, "name is not a string"],
    [
      "categories that are not a list of strings",
      { ...FLOW_OBJECT, categories: "SIGN_UP" },
      "categories are not a list of strings",
    ],
    [
      "an endpoint that is not a string",
      { ...FLOW_OBJECT, endpoint_uri: { href: "x" } },
      "endpoint_uri is not a string",
    ],
  ])("%s: UnexpectedResponseError naming the flow and what arrived, not retried", async (_title, body, reason) => {
    next = { body };
    const error = await failure(client().getFlow(FLOW));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).reason).toContain(reason);
    expect(error.message).toContain(`flow ${FLOW}`);
    expect(error.message).toContain(reason);
    expect(error.message).toContain("Nothing was written to the stack");
    expect(error.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  test("what arrived is shown cut short and on one line", async () => {
    next = { body: { data: "x".repeat(5000), note: "line\nbreak" } };
    const error = (await failure(client().getFlow(FLOW))) as UnexpectedResponseError;
    expect(error.bodySnippet.length).toBeLessThanOrEqual(200);
    expect(error.message).not.toContain("\n");
    expect(error.message.length).toBeLessThan(1200);
  });
});

describe("Update Flow Metadata counts as done only on a recognised success", () => {
  test.each([
    ["the seed's success body", SEED_SUCCESS],
    ["Meta's bare success", { success: true }],
  ])("%s", async (_title, body) => {
    next = { body };
    await expect(client().updateFlowMetadata(FLOW, { name: "x" })).resolves.toBeUndefined();
  });

  test.each([
    ["an empty object", {}, "not a recognised success"],
    [
      "WA200 without data.success",
      { code: "WA200", message: "Request Processed Successfully", data: {}, error: {} },
      "not the documented success",
    ],
    [
      "WA200 with data.success false",
      { code: "WA200", message: "ok", data: { success: false }, error: {} },
      "not the documented success",
    ],
    ["success as a string", { success: "true" }, "not a recognised success"],
    ["an empty body", "", "not Kaleyra JSON"],
  ])("%s: UnexpectedResponseError, not retried", async (_title, body, reason) => {
    next = { body };
    const error = await failure(client().updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain(reason);
    expect(server.requests).toHaveLength(1);
  });
});

describe("Get Flows by WABA ID: pages in every shape, the cursor followed, never the next URL", () => {
  const page = {
    data: [FLOW_OBJECT],
    paging: {
      cursors: { before: "b0", after: "c1" },
      next: "https://graph.facebook.com/v19.0/1029384756102938/flows?after=c1",
    },
  };
  test.each([
    ["Meta's bare list", page],
    ["Kaleyra's envelope around it", { code: "WA200", message: "ok", data: page, error: {} }],
    [
      "the envelope holding the list, paging beside it",
      { code: "WA200", message: "ok", data: page.data, paging: page.paging, error: {} },
    ],
  ])("%s", async (_title, body) => {
    next = { body };
    const result = await client().listFlows("1029384756102938", { after: "c0", limit: 50 });
    expect(result).toEqual({
      flows: [
        {
          id: FLOW,
          name: "Sign up",
          categories: ["SIGN_UP"],
          endpointUri: "https://flows.example.com/s",
          status: "DRAFT",
        },
      ],
      after: "c1",
    });
    const url = new URL(server.requests[0].url, server.url);
    expect(url.pathname).toBe(`/v2/${SID}/whatsapp/1029384756102938/flows`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fields: "id,name,categories,endpoint_uri,status",
      limit: "50",
      after: "c0",
    });
  });

  test("the last page: no next, no cursor", async () => {
    next = { body: { data: [FLOW_OBJECT], paging: { cursors: { before: "b0", after: "c1" } } } };
    expect((await client().listFlows("1029384756102938")).after).toBeUndefined();
  });

  test.each([
    ["data not a list", { data: "nope" }, "not a list of flows"],
    [
      "the envelope with no list",
      { code: "WA200", message: "ok", data: { flows: [] }, error: {} },
      "neither a list of flows",
    ],
    [
      "a next page without a cursor",
      { data: [], paging: { next: "https://elsewhere.example/next" } },
      "gives no cursor",
    ],
    ["an item without id", { data: [{ name: "x", status: "DRAFT" }] }, "carries no id"],
  ])("%s: UnexpectedResponseError naming the WABA", async (_title, body, reason) => {
    next = { body };
    const error = await failure(client().listFlows("1029384756102938"));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("WABA 1029384756102938");
    expect(error.message).toContain(reason);
  });
});

describe("only the documented answer means a flow is gone", () => {
  test("WA-401 with error.flow_id: FlowNotFoundError", async () => {
    next = {
      status: 401,
      body: {
        code: "WA-401",
        message: "The flow_id either does not exist or does not belong to the account.",
        data: {},
        error: { flow_id: "The flow_id either does not exist or does not belong to the account." },
      },
    };
    expect(await failure(client().getFlow(FLOW))).toBeInstanceOf(FlowNotFoundError);
  });

  test.each([
    [
      "WA-401 whose message mentions flow_id but whose error does not",
      401,
      { code: "WA-401", message: "flow_id blah", data: {}, error: {} },
    ],
    [
      "WA-401 about something else",
      401,
      { code: "WA-401", message: "Token expired", data: {}, error: { token: "expired" } },
    ],
    ["a 401 with no body code", 401, { message: "Unauthorized" }],
    ["a 404", 404, { code: "WA-404", message: "Not found" }],
  ])("%s: not FlowNotFoundError", async (_title, status, body) => {
    next = { status, body };
    const error = await failure(client().getFlow(FLOW));
    expect(error).not.toBeInstanceOf(FlowNotFoundError);
  });

  test("the documented 'API is not available' body is FlowApiNotEnabledError", async () => {
    const text = "API is not available for given customer.Please contact support for more info";
    next = { status: 401, body: { code: "WA-401", message: text, data: {}, error: text } };
    expect(await failure(client().getFlow(FLOW))).toBeInstanceOf(FlowApiNotEnabledError);
  });
});
