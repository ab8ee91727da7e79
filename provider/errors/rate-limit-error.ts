import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/** HTTP 429: too many requests. Retried, honouring Retry-After up to kaleyra:maxRetryAfterMs. */
export class RateLimitError extends KaleyraError {
  /** What the server's Retry-After asked for, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(options: KaleyraErrorOptions & { retryAfterMs?: number }) {
    super(
      "Kaleyra is rate limiting this account",
      "Lower kaleyra:concurrency (KALEYRA_CONCURRENCY) or `pulumi up --parallel`, or raise kaleyra:deadlineMs so retries can wait longer.",
      true,
      options,
    );
    this.retryAfterMs = options.retryAfterMs;
  }
}
