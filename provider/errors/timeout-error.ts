import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * An attempt outlived kaleyra:timeoutMs, or the whole call (queueing for a connection slot,
 * attempts and backoff together) outlived kaleyra:deadlineMs. A single attempt's timeout is
 * retried; the overall deadline is final.
 */
export class TimeoutError extends KaleyraError {
  /** Which limit ran out. */
  readonly limit!: "attempt" | "deadline";
  /** That limit, in milliseconds. */
  readonly limitMs!: number;
  /**
   * How long the call waited in the account's queue (kaleyra:concurrency requests in flight
   * at once) before this attempt, or before the deadline if it never left the queue.
   */
  readonly queuedMs?: number;

  constructor(facts: KaleyraErrorFacts & Pick<TimeoutError, "limit" | "limitMs" | "queuedMs">) {
    const queued =
      facts.queuedMs !== undefined && facts.queuedMs > 0
        ? `, ${facts.queuedMs} ms of it waiting in the account's queue`
        : "";
    const summary =
      facts.limit === "attempt"
        ? `no response within ${facts.limitMs} ms`
        : `gave up at the ${facts.limitMs} ms deadline${queued}`;
    const hint =
      facts.limit === "attempt"
        ? "Kaleyra or the network is slow: raise kaleyra:timeoutMs (KALEYRA_TIMEOUT_MS) or run `pulumi up` again."
        : queued
          ? "Too many requests were waiting for this account: raise kaleyra:deadlineMs (KALEYRA_DEADLINE_MS), or " +
            "lower `pulumi up --parallel` so fewer calls queue at once."
          : "Kaleyra kept failing or was slow for the whole deadline: run `pulumi up` again later, or raise " +
            "kaleyra:deadlineMs (KALEYRA_DEADLINE_MS).";
    super(describeFailure(summary, hint, facts), { ...facts, hint });
    this.limit = facts.limit;
    this.limitMs = facts.limitMs;
    if (facts.queuedMs !== undefined) this.queuedMs = facts.queuedMs;
  }
}
