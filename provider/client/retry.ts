import {
  type KaleyraError,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../errors";

/**
 * What is retried and when: the one place that decides. A call retries until its deadline
 * (`kaleyra:deadlineMs`) leaves no room for the next backoff, or `maxRetries` is reached.
 */

/** How the client retries; every field has a default and a config key in settings/table.ts. */
export interface RetryPolicy {
  /** Retries after the first attempt at most; by default high enough that the deadline decides. */
  readonly maxRetries: number;
  /** First backoff step; each retry doubles it. */
  readonly retryBaseMs: number;
  /** Ceiling of one backoff step. */
  readonly retryMaxDelayMs: number;
  /** Ceiling of a server's Retry-After; a longer one is shortened to this. */
  readonly maxRetryAfterMs: number;
}

/** Time as the client sees it: real timers by default, a fake one in tests that count attempts. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), for the jitter. */
  random(): number;
}

/** The clock of the process. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * Whether a failed attempt is worth another: no response (network error, an attempt that timed
 * out), a 5xx, or a 429. Never a 4xx Kaleyra answered on purpose, the call's deadline, a
 * response of an unknown shape that is not a 5xx, or the package's own bug (InternalError).
 */
export function isRetryable(error: KaleyraError): boolean {
  if (error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitError) return true;
  if (error instanceof TimeoutError) return error.limit === "attempt";
  if (error instanceof UnexpectedResponseError) return error.status !== undefined && error.status >= 500;
  return false;
}

/**
 * Delay before retry number `retry` (1-based): "full jitter" exponential backoff, a random
 * delay in [0, min(cap, base * 2^(retry-1))], so many flows failing together do not retry in
 * lockstep. A server's Retry-After replaces the backoff, capped at `maxRetryAfterMs`.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

const DAYS = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAYS = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 section 5.6.7: IMF-fixdate, and the two obsolete forms a recipient must accept.
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Parses a Retry-After header as RFC 9110 section 10.2.3 defines it: delay-seconds (digits
 * only) or an HTTP-date. Anything else ("1.5", "soon", a date in another format) is ignored.
 *
 * @returns milliseconds from `now`, or undefined when absent or not in either form.
 */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string") return undefined;
  const value = header.trim();
  if (/^[0-9]+$/.test(value)) return Number(value) * 1000;
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** An HTTP-date in any of its three forms, as milliseconds since the epoch. */
function parseHttpDate(text: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4, 7));
  match = RFC_850.exec(text);
  if (match) return utc(fullYear(Number(match[3]), now), match[2], match[1], match.slice(4, 7));
  match = ASCTIME.exec(text);
  if (match) return utc(Number(match[6]), match[1], match[2], match.slice(3, 6));
  return undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future is one of the past century. */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

function utc(year: number, month: string, day: string, [hours, minutes, seconds]: string[]): number | undefined {
  const m = MONTHS.indexOf(month);
  const d = Number(day.trim());
  const time = Date.UTC(year, m, d, Number(hours), Number(minutes), Number(seconds));
  const check = new Date(time);
  // Date.UTC rolls 31 Feb over into March: only a real calendar date counts.
  if (check.getUTCDate() !== d || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 60) return undefined;
  return time;
}
