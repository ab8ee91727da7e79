/**
 * The Kaleyra client over real HTTP against the project's emulator: every response the seed
 * documents, retries, Retry-After, timeouts, the deadline and the concurrency limit.
 */
import { isRetryable } from "../../provider/client/retry";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import {
  AuthenticationError,
  FlowApiNotEnabledError,
  FlowNotFoundError,
  FlowUpdateRefusedError,
  InternalError,
  InvalidPayloadError,
  KaleyraClient,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TUNING,
  UnexpectedResponseError,
} from "../../provider";
import { ClientSettings } from "../../provider/client/kaleyra-client";
import { failure } from "../support/failure";
import { virtualClock } from "../support/virtual-clock";

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const FLOW = "1234567890123451";

let emulator: RunningEmulator;

function client(overrides: Partial<ClientSettings> = {}): KaleyraClient {
  return new KaleyraClient({
    apiDomain: emulator.url,
    sid: SID,
    apiKey: KEY,
    timeoutMs: 2000,
    deadlineMs: 10_000,
    maxRetries: 3,
    retryBaseMs: 10,
    retryMaxDelayMs: 50,
    maxRetryAfterMs: 2000,
    concurrency: 4,
    ...overrides,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.loadSeed(DEMO_SEED);
});

describe("the seed's responses", () => {
  test("success: POST with the api-key header and a JSON body of the given fields", async () => {
    await client().updateFlowMetadata(FLOW, {
      name: "This is the first flow",
      endpoint_uri: "https://www.tatacommunications.com/",
      categories: ["SIGN_IN"],
    });
    const [request] = emulator.requests();
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/v2/${SID}/whatsapp/${FLOW}`);
    expect(request.headers["api-key"]).toBe("***");
    expect(request.headers["user-agent"]).toMatch(/^pulumi-kaleyra-flows\/\d+\.\d+\.\d+ \(node v\d+/);
    expect(JSON.parse(request.body)).toEqual({
      name: "This is the first flow",
      endpoint_uri: "https://www.tatacommunications.com/",
      categories: ["SIGN_IN"],
    });
    expect(emulator.getFlow(SID, FLOW)).toMatchObject({ name: "This is the first flow", categories: ["SIGN_IN"] });
  });

  test("only the fields given are sent", async () => {
    await client().updateFlowMetadata(FLOW, { categories: ["SURVEY"] });
    expect(JSON.parse(emulator.requests()[0].body)).toEqual({ categories: ["SURVEY"] });
    expect(emulator.getFlow(SID, FLOW)).toMatchObject({ name: "Sign up", categories: ["SURVEY"] });
  });

  test("401 RBC001 for a wrong key: AuthenticationError, not retried", async () => {
    const error = await failure(client({ apiKey: "Awrong" }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "RBC001", flowId: FLOW, sid: SID });
    expect(isRetryable(error)).toBe(false);
    expect(emulator.requests()).toHaveLength(1);
  });

  test("401 RBC001 for a wrong SID", async () => {
    const error = await failure(client({ sid: "HXAP16NOSUCH00IN" }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  test("401 WA-401 for an account without the flow API: FlowApiNotEnabledError", async () => {
    const account = DEMO_SEED.accounts.find((a) => a.flowApi === false)!;
    const error = await failure(
      client({ sid: account.sid, apiKey: account.apiKey }).updateFlowMetadata(FLOW, { name: "x" }),
    );
    expect(error).toBeInstanceOf(FlowApiNotEnabledError);
    expect(error.message).toContain("API is not available for given customer");
    expect(emulator.requests()).toHaveLength(1);
  });

  test("401 WA-401 for a flow of another account: FlowNotFoundError", async () => {
    const error = await failure(client().updateFlowMetadata("9876543210987651", { name: "x" }));
    expect(error).toBeInstanceOf(FlowNotFoundError);
    expect(error.message).toContain("The flow_id either does not exist or does not belong to the account.");
    expect(emulator.requests()).toHaveLength(1);
  });

  test("400 WA-400 for a bad payload: InvalidPayloadError, not retried", async () => {
    const error = await failure(client().updateFlowMetadata(FLOW, { categories: ["NOT_A_CATEGORY"] }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error).toMatchObject({ status: 400, code: "WA-400" });
    expect(error.message).toContain("Refer to correct payload format");
    expect(emulator.requests()).toHaveLength(1);
  });

  test("400 for a flow Kaleyra refuses to change: FlowUpdateRefusedError naming why", async () => {
    emulator.patchFlow(SID, FLOW, { status: "DEPRECATED" });
    const error = await failure(client().updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(FlowUpdateRefusedError);
    expect(error.message).toContain("DEPRECATED");
  });

  test("500 WA-500 every time: ServerError after maxRetries + 1 attempts", async () => {
    emulator.addFault({ type: "error500" });
    const error = await failure(client({ maxRetries: 2 }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: "WA-500", attempts: 3 });
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toContain("after 3 attempts");
    expect(emulator.requests()).toHaveLength(3);
  });
});

describe("retries", () => {
  test("WA-500 on the first two attempts, then success", async () => {
    emulator.addFault({ type: "error500", times: 2 });
    await client().updateFlowMetadata(FLOW, { name: "after retries" });
    expect(emulator.requests().map((r) => r.status)).toEqual([500, 500, 200]);
    expect(emulator.getFlow(SID, FLOW)!.name).toBe("after retries");
  });

  test("429 honours Retry-After before retrying", async () => {
    emulator.addFault({ type: "rateLimit", times: 1, retryAfter: 1 });
    const clock = virtualClock();
    await client({ clock }).updateFlowMetadata(FLOW, { name: "after 429" });
    expect(emulator.requests().map((r) => r.status)).toEqual([429, 200]);
    expect(clock.sleeps).toEqual([1000]);
  });

  test("Retry-After longer than the cap is shortened to the cap", async () => {
    emulator.addFault({ type: "rateLimit", times: 1, retryAfter: 3600 });
    const clock = virtualClock();
    await client({ maxRetryAfterMs: 200, clock }).updateFlowMetadata(FLOW, { name: "capped" });
    expect(clock.sleeps).toEqual([200]);
  });

  test("under sustained WA-500s the deadline, not a count, ends the retrying", async () => {
    emulator.addFault({ type: "error500" });
    const clock = virtualClock(0.5);
    const defaults = {
      deadlineMs: TUNING.deadlineMs.default,
      maxRetries: TUNING.maxRetries.default,
      retryBaseMs: TUNING.retryBaseMs.default,
      retryMaxDelayMs: TUNING.retryMaxDelayMs.default,
    };
    const error = await failure(client({ ...defaults, clock }).updateFlowMetadata(FLOW, { name: "x" }));
    // Full jitter with random() = 0.5: half of min(cap, base * 2^(retry - 1)), for as long as
    // the next backoff still ends before the deadline.
    const expected: number[] = [];
    for (let retry = 1, at = 0; ; retry++) {
      const delay = Math.floor(0.5 * Math.min(defaults.retryMaxDelayMs, defaults.retryBaseMs * 2 ** (retry - 1)));
      if (at + delay >= defaults.deadlineMs) break;
      expected.push(delay);
      at += delay;
    }
    expect(error).toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual(expected);
    expect(error.attempts).toBe(expected.length + 1);
    expect(emulator.requests()).toHaveLength(expected.length + 1);
    // Far more than the six attempts a fixed count of five retries allowed.
    expect(expected.length + 1).toBeGreaterThan(20);
  });

  test("a failure of the package's own is an InternalError, never retried nor called a network problem", async () => {
    const clock = virtualClock();
    let calls = 0;
    const now = () => {
      if (++calls > 2) throw new TypeError("Cannot read properties of undefined (reading 'now')");
      return clock.now();
    };
    const broken = { ...clock, now };
    const error = await failure(client({ clock: broken }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(InternalError);
    expect(isRetryable(error)).toBe(false);
    expect(error.message).toContain("This is a bug in pulumi-kaleyra-flows");
    expect(error.message).not.toContain("Check the network path");
    expect(clock.sleeps).toEqual([]);
  });

  test("maxRetries stays a ceiling a user can lower", async () => {
    emulator.addFault({ type: "error500" });
    const clock = virtualClock();
    const error = await failure(
      client({ deadlineMs: TUNING.deadlineMs.default, maxRetries: 3, clock }).updateFlowMetadata(FLOW, { name: "x" }),
    );
    expect(error.attempts).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  test("429 every time: RateLimitError", async () => {
    emulator.addFault({ type: "rateLimit", retryAfter: 0 });
    const error = await failure(client({ maxRetries: 1 }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(emulator.requests()).toHaveLength(2);
  });

  test("a connection reset is retried", async () => {
    emulator.addFault({ type: "reset", times: 1 });
    await client().updateFlowMetadata(FLOW, { name: "after reset" });
    expect(emulator.getFlow(SID, FLOW)!.name).toBe("after reset");
  });

  test("a connection reset every time: NetworkError", async () => {
    emulator.addFault({ type: "reset" });
    const error = await failure(client({ maxRetries: 1 }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(isRetryable(error)).toBe(true);
  });

  test("an HTML 502 from a proxy: UnexpectedResponseError, retried", async () => {
    emulator.addFault({ type: "html502" });
    const error = await failure(client({ maxRetries: 1 }).updateFlowMetadata(FLOW, { name: "x" }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("text/html");
    expect(error.message).toContain("502 Bad Gateway");
    expect(emulator.requests()).toHaveLength(2);
  });

  test("a request that never answers times out per attempt, then succeeds on retry", async () => {
    emulator.addFault({ type: "hang", times: 1 });
    await client({ timeoutMs: 300 }).updateFlowMetadata(FLOW, { name: "after hang" });
    expect(emulator.getFlow(SID, FLOW)!.name).toBe("after hang");
  });

  test("the overall deadline ends the retries", async () => {
    emulator.addFault({ type: "hang" });
    const error = await failure(
      client({ timeoutMs: 5000, deadlineMs: 400, maxRetries: 10 }).updateFlowMetadata(FLOW, { name: "x" }),
    );
    // The deadline, far shorter than the attempt's limit, cut the one attempt short.
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).limit).toBe("deadline");
    expect(error.attempts).toBe(1);
    expect(emulator.requests()).toHaveLength(1);
  });

  test("nothing listening: NetworkError naming the connection failure", async () => {
    const error = await failure(
      client({ apiDomain: "http://127.0.0.1:9", maxRetries: 1 }).updateFlowMetadata(FLOW, { name: "x" }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).errno).toBe("ECONNREFUSED");
  });
});

describe("concurrency", () => {
  test("requests in flight per account never exceed the limit, across clients", async () => {
    emulator.addFault({ type: "latency", latencyMs: 50 });
    const ids = DEMO_SEED.accounts[0].flows.map((f) => String(f.id));
    // Separate client objects, as separate resources make, share the account's limiter.
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        client({ concurrency: 3 }).updateFlowMetadata(ids[i % ids.length], { name: `n${i}` }),
      ),
    );
    expect(emulator.stats().maxInFlight).toBe(3);
  });

  test("a higher limit really runs in parallel", async () => {
    emulator.addFault({ type: "latency", latencyMs: 50 });
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        client({ concurrency: 8, sid: SID }).updateFlowMetadata(FLOW, { name: `p${i}` }),
      ),
    );
    expect(emulator.stats().maxInFlight).toBe(8);
  });
});

describe("flow details", () => {
  test("GET ?fields=id,name,categories,endpoint_uri,status, parsed from Kaleyra's envelope", async () => {
    const flow = await client().getFlow(FLOW);
    expect(flow).toEqual({
      id: FLOW,
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
      status: "DRAFT",
    });
    const [request] = emulator.requests();
    expect(request.method).toBe("GET");
    expect(request.query).toEqual({ fields: "id,name,categories,endpoint_uri,status" });
  });

  test("a flow that no longer exists: FlowNotFoundError", async () => {
    emulator.deleteFlow(SID, FLOW);
    expect(await failure(client().getFlow(FLOW))).toBeInstanceOf(FlowNotFoundError);
  });
});
