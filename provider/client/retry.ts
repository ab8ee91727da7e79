/** How the client retries; every field has a default in settings.ts and a config key. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries + 1` attempts at most). */
  readonly maxRetries: number;
  /** First backoff step; each retry doubles it. */
  readonly retryBaseMs: number;
  /** Ceiling of one backoff step. */
  readonly retryMaxDelayMs: number;
  /** Ceiling of a server's Retry-After; a longer one is shortened to this. */
  readonly maxRetryAfterMs: number;
}

/**
 * Delay before retry number `retry` (1-based): "full jitter" exponential backoff, a random
 * delay in [0, min(cap, base * 2^(retry-1))], so many flows failing together do not retry in
 * lockstep. A server's Retry-After replaces the backoff, capped at `maxRetryAfterMs`.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 * Returns milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
