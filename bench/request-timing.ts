/**
 * What the emulator's request log says about one `pulumi up`: how many reads and writes it
 * sent, and when, to tell where the time went when an `up` is slower than its requests.
 * The log records when each request arrived; under a latency fault every request is then
 * answered `latencyMs` later (plus microseconds of work), so arrivals are enough.
 */
import type { LoggedRequest } from "../dist/emulator";
import { summarize } from "./stats";

/** The requests of one command, counted and placed in time. */
export interface RequestTiming {
  readonly gets: number;
  readonly posts: number;
  /** From the command's start to the first request's arrival, in s: CLI, program and provider start-up, the first registrations. */
  readonly beforeFirstS: number;
  /** From the first request's arrival to the last one's answer, in s. */
  readonly windowS: number;
  /** From the last answer to the command's exit, in s: the state's final save and shutdown. */
  readonly afterLastS: number;
  /** Requests in flight on average over the window: requests x latency / window. */
  readonly meanInFlight: number;
  /**
   * Median time from a flow's GET arriving to its POST arriving, in ms, over flows that got
   * both: the latency of the GET plus the provider's work between them and the wait for a
   * slot of the package's limit.
   */
  readonly getToPostMs: number | null;
}

/**
 * Reads the log of one command that started at `startedAt` and ended `ms` later (epoch ms).
 * @throws when the log holds no request at all.
 */
export function requestTiming(
  requests: readonly LoggedRequest[],
  startedAt: number,
  ms: number,
  latencyMs: number,
): RequestTiming {
  if (requests.length === 0) throw new Error("requestTiming: the emulator logged no request");
  const arrivals = requests.map((r) => Date.parse(r.time));
  const first = Math.min(...arrivals);
  const lastAnswer = Math.max(...arrivals) + latencyMs;
  const windowMs = Math.max(1, lastAnswer - first);
  const getAt = new Map<string, number>();
  const gaps: number[] = [];
  for (const r of requests) {
    if (!r.flowId) continue;
    if (r.method === "GET" && !getAt.has(r.flowId)) getAt.set(r.flowId, Date.parse(r.time));
    if (r.method === "POST" && getAt.has(r.flowId)) gaps.push(Date.parse(r.time) - getAt.get(r.flowId)!);
  }
  return {
    gets: requests.filter((r) => r.method === "GET").length,
    posts: requests.filter((r) => r.method === "POST").length,
    beforeFirstS: (first - startedAt) / 1000,
    windowS: windowMs / 1000,
    afterLastS: Math.max(0, startedAt + ms - lastAnswer) / 1000,
    meanInFlight: (requests.length * latencyMs) / windowMs,
    getToPostMs: gaps.length ? summarize(gaps).median : null,
  };
}
