import { isRetryable } from "../../provider/client/retry";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AuthenticationError,
  errorFromResponse,
  FlowApiNotEnabledError,
  FlowNotFoundError,
  FlowUpdateRefusedError,
  InvalidPayloadError,
  KaleyraError,
  RateLimitError,
  ServerError,
} from "../../provider/errors";

/** Kaleyra's Update Flow Metadata page, as the product was built from it. */
const SEED_PAGE = path.join(__dirname, "../fixtures/kaleyra-update-flow-metadata.txt");

/** The failure bodies exactly as the seed page prints them, in its order. */
function seedFailureBodies(): unknown[] {
  const seed = fs.readFileSync(SEED_PAGE, "utf8");
  const failures = seed.slice(seed.indexOf("Sample Failure Response"));
  const bodies: unknown[] = [];
  for (const match of failures.matchAll(/^\{[\s\S]*?^\}/gm)) bodies.push(JSON.parse(match[0]));
  return bodies;
}

const context = {
  flowId: "1234567890123451",
  sid: "HXAP16DEMO0097IN",
  request: {
    method: "POST",
    path: "/v2/HXAP16DEMO0097IN/whatsapp/1234567890123451",
    origin: "https://api.in.kaleyra.io",
  },
};

describe("errorFromResponse maps every failure the seed documents", () => {
  const [rbc001, wa401Customer, wa400, wa500, wa401Flow] = seedFailureBodies();

  test.each([
    ["RBC001", 401, () => rbc001, AuthenticationError, false, "Incorrect SID or API key."],
    [
      "WA-401 not available",
      401,
      () => wa401Customer,
      FlowApiNotEnabledError,
      false,
      "API is not available for given customer",
    ],
    ["WA-400 payload", 400, () => wa400, InvalidPayloadError, false, "Refer to correct payload format"],
    ["WA-500", 500, () => wa500, ServerError, true, "Please try again later"],
    ["WA-401 flow", 401, () => wa401Flow, FlowNotFoundError, false, "The flow_id either does not exist"],
  ])("%s", (code, status, body, type, retryable, kaleyraText) => {
    expect(body()).toBeDefined();
    const error = errorFromResponse({ ...context, status, body: body() });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(KaleyraError);
    expect(isRetryable(error)).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.code).toBe((body() as { code: string }).code);
    // The message names the flow, the account, the status, the code, Kaleyra's words and what to do.
    expect(error.message).toContain("flow 1234567890123451");
    expect(error.message).toContain("HXAP16DEMO0097IN");
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain((body() as { code: string }).code);
    expect(error.message).toContain(kaleyraText);
    expect(error.message.endsWith(error.hint)).toBe(true);
    expect(error.hint.length).toBeGreaterThan(20);
  });

  test("a WA-400 that is not about the payload is a refusal to change the flow", () => {
    const error = errorFromResponse({
      ...context,
      status: 400,
      body: {
        code: "WA-400",
        message: "Flow metadata cannot be updated in its current status",
        data: {},
        error: { flow_id: "Flow 1 is DEPRECATED; its metadata cannot be updated." },
      },
    });
    expect(error).toBeInstanceOf(FlowUpdateRefusedError);
    expect(error.message).toContain("DEPRECATED");
    expect(error.message).toContain("clone it into a new DRAFT flow");
  });

  test("429 is a retryable RateLimitError carrying Retry-After", () => {
    const error = errorFromResponse({
      ...context,
      status: 429,
      body: { code: "WA-429", message: "Too many requests" },
      retryAfterMs: 2000,
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect(isRetryable(error)).toBe(true);
  });

  test("errors carry no `id` (the dynamic-provider host would record a half-created resource)", () => {
    const error = errorFromResponse({ ...context, status: 401, body: { code: "RBC001" } });
    expect("id" in error).toBe(false);
  });

  test("toJSON lists the facts and nothing else", () => {
    const error = errorFromResponse({
      ...context,
      status: 500,
      body: { code: "WA-500", message: "Please try again later" },
    });
    expect(Object.keys(error.toJSON()).sort()).toEqual([
      "code",
      "flowId",
      "hint",
      "kaleyraMessage",
      "message",
      "name",
      "request",
      "sid",
      "status",
    ]);
  });
});
