import { Limiter } from "../../provider/client/limiter";
import { isRetryable, parseRetryAfter, retryDelayMs } from "../../provider/client/retry";
import {
  AuthenticationError,
  FlowNotFoundError,
  FlowStatusError,
  InternalError,
  InvalidPayloadError,
  KaleyraError,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../../provider/errors";

const policy = { maxRetries: 5, retryBaseMs: 100, retryMaxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe("backoff", () => {
  test("full jitter stays within the doubling ceiling, capped", () => {
    expect(retryDelayMs(1, policy, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(3, policy, undefined, () => 0.999)).toBe(399);
    expect(retryDelayMs(10, policy, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, policy, undefined, () => 0)).toBe(0);
  });
  test("Retry-After replaces the backoff, up to the cap", () => {
    expect(retryDelayMs(1, policy, 2000)).toBe(2000);
    expect(retryDelayMs(1, policy, 60_000)).toBe(5000);
  });
  // RFC 9110 section 10.2.3: delay-seconds is digits only; anything else is no Retry-After.
  test.each([
    ["3", 3000],
    ["0", 0],
    [" 120 ", 120_000],
    ["1.5", undefined],
    ["-1", undefined],
    ["+3", undefined],
    ["1e3", undefined],
    ["", undefined],
    ["soon", undefined],
    [undefined, undefined],
  ])("Retry-After %p as delay-seconds", (header, expected) => {
    expect(parseRetryAfter(header)).toBe(expected);
  });
  const NOW = Date.parse("2026-11-24T10:00:00Z");
  test.each([
    ["IMF-fixdate", "Tue, 24 Nov 2026 10:00:07 GMT", 7000],
    ["obsolete RFC 850 date", "Tuesday, 24-Nov-26 10:00:07 GMT", 7000],
    ["obsolete asctime date", "Tue Nov 24 10:00:07 2026", 7000],
    ["asctime with a one-digit day", "Tue Dec  1 10:00:00 2026", 7 * 24 * 3600 * 1000],
    ["a date in the past", "Tue, 24 Nov 2026 09:00:00 GMT", 0],
  ])("Retry-After as an HTTP-date: %s", (_what, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
  test.each([
    ["another time zone", "Tue, 24 Nov 2026 10:00:07 +0100"],
    ["ISO 8601", "2026-11-24T10:00:07Z"],
    ["no such day", "Tue, 31 Nov 2026 10:00:07 GMT"],
    ["a lone number with a point", "1.5"],
    ["lower-case month", "Tue, 24 nov 2026 10:00:07 GMT"],
  ])("Retry-After in no form RFC 9110 allows is ignored: %s", (_what, header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});

describe("isRetryable: the one place that decides", () => {
  const facts = { flowId: "1234567890123456", sid: "S" };
  test.each<[string, KaleyraError, boolean]>([
    ["a network error", new NetworkError({ ...facts, errno: "ECONNRESET" }), true],
    ["a 5xx", new ServerError({ ...facts, status: 500, code: "WA-500" }), true],
    ["a 429", new RateLimitError({ ...facts, status: 429 }), true],
    ["an attempt that timed out", new TimeoutError({ ...facts, limit: "attempt", limitMs: 100 }), true],
    ["an HTML 502 from a proxy", new UnexpectedResponseError({ ...facts, status: 502, bodySnippet: "<html>" }), true],
    ["the call's deadline", new TimeoutError({ ...facts, limit: "deadline", limitMs: 100 }), false],
    ["a 200 of an unknown shape", new UnexpectedResponseError({ ...facts, status: 200, bodySnippet: "{}" }), false],
    ["a wrong key", new AuthenticationError({ ...facts, status: 401, code: "RBC001" }), false],
    ["a bad payload", new InvalidPayloadError({ ...facts, status: 400, code: "WA-400" }), false],
    ["an unknown flow", new FlowNotFoundError({ ...facts, status: 401, code: "WA-401" }), false],
    ["a published flow", new FlowStatusError({ ...facts, flowStatus: "PUBLISHED", fields: ["name"] }), false],
    ["the package's own bug", new InternalError({ ...facts, causeMessage: "x is not a function" }), false],
  ])("%s: %p", (_what, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
  test("an InternalError says it is a bug to report, not a network problem", () => {
    const error = new InternalError({ ...facts, causeMessage: "x is not a function" });
    expect(error.message).toContain("This is a bug in pulumi-kaleyra-flows");
    expect(error.message).not.toContain("Check the network path");
  });
});

describe("Limiter", () => {
  test("never runs more than its limit at once, and runs everything", async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return 1;
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.run(task)));
    expect(results).toHaveLength(20);
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });
  test("a failing task frees its slot", async () => {
    const limiter = new Limiter(1);
    await expect(
      limiter.run(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(limiter.run(async () => "ok")).resolves.toBe("ok");
  });
});
