import { Limiter } from "../../provider/client/limiter";
import { parseRetryAfter, retryDelayMs } from "../../provider/client/retry";

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
  test.each([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["", undefined],
    ["soon", undefined],
    [undefined, undefined],
  ])("parses Retry-After %p", (header, expected) => {
    expect(parseRetryAfter(header)).toBe(expected);
  });
  test("parses an HTTP-date Retry-After", () => {
    const now = Date.parse("Tue, 24 Nov 2026 10:00:00 GMT");
    expect(parseRetryAfter("Tue, 24 Nov 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", now)).toBe(0);
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
    await expect(limiter.run(async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(limiter.run(async () => "ok")).resolves.toBe("ok");
  });
});
