import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/** No HTTP response: connection refused or reset, DNS failure, TLS failure. Retried. */
export class NetworkError extends KaleyraError {
  /** The system error code, e.g. `ECONNRESET`, `ENOTFOUND`. */
  readonly errno?: string;

  constructor(options: KaleyraErrorOptions & { errno?: string }, summary = "could not reach Kaleyra") {
    super(
      summary,
      "Check the network path to the API domain (kaleyra:region / kaleyra:apiDomain, proxies, firewalls) and run `pulumi up` again.",
      true,
      options,
    );
    this.errno = options.errno;
  }
}
