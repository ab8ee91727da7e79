import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** No HTTP response: connection refused or reset, DNS failure, TLS failure. Retried (see client/retry.ts). */
export class NetworkError extends KaleyraError {
  /** The system error code, e.g. `ECONNRESET`, `ENOTFOUND`. */
  readonly errno?: string;

  constructor(facts: KaleyraErrorFacts & Pick<NetworkError, "errno">, summary = "could not reach Kaleyra") {
    const hint =
      "Check the network path to the API domain (kaleyra:region / kaleyra:apiDomain, proxies, firewalls) and run " +
      "`pulumi up` again.";
    super(describeFailure(summary, hint, facts), { ...facts, hint });
    if (facts.errno !== undefined) this.errno = facts.errno;
  }
}
