import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/**
 * An attempt outlived kaleyra:timeoutMs, or all attempts together outlived kaleyra:deadlineMs.
 * A single attempt's timeout is retried; the overall deadline is final.
 */
export class TimeoutError extends KaleyraError {
  /** Which limit ran out. */
  readonly limit: "attempt" | "deadline";
  /** That limit, in milliseconds. */
  readonly limitMs: number;

  constructor(options: KaleyraErrorOptions & { limit: "attempt" | "deadline"; limitMs: number }) {
    super(
      options.limit === "attempt"
        ? `no answer within ${options.limitMs} ms`
        : `gave up at the ${options.limitMs} ms deadline`,
      options.limit === "attempt"
        ? "Kaleyra or the network is slow: raise kaleyra:timeoutMs (KALEYRA_TIMEOUT_MS) or run `pulumi up` again."
        : "Kaleyra kept failing or was slow for the whole deadline: run `pulumi up` again later, or raise kaleyra:deadlineMs (KALEYRA_DEADLINE_MS).",
      options.limit === "attempt",
      options,
    );
    this.limit = options.limit;
    this.limitMs = options.limitMs;
  }
}
