import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** HTTP 429: too many requests. Retried, honouring Retry-After up to kaleyra:maxRetryAfterMs. */
export class RateLimitError extends KaleyraError {
  /** What the server's Retry-After asked for, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(facts: KaleyraErrorFacts & Pick<RateLimitError, "retryAfterMs">) {
    const hint =
      "Lower kaleyra:concurrency (KALEYRA_CONCURRENCY) or `pulumi up --parallel`, or raise kaleyra:deadlineMs so " +
      "retries can wait longer.";
    super(describeFailure("Kaleyra is rate limiting this account", hint, facts), { ...facts, hint });
    if (facts.retryAfterMs !== undefined) this.retryAfterMs = facts.retryAfterMs;
  }
}
