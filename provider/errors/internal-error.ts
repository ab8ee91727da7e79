import { describeFailure, KaleyraError, type KaleyraErrorFacts } from "./kaleyra-error";

/**
 * Something inside this package went wrong (a bug), not Kaleyra nor the network: never
 * retried, and reported as what it is so it gets fixed. Its cause is reduced to a redacted
 * message; no object from inside the client (which may hold request config) is kept.
 */
export class InternalError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "This is a bug in pulumi-kaleyra-flows, not a problem with your account or network. " +
      "Please report it with this message; running `pulumi up` again is safe (flows are read before they are written).";
    super(describeFailure("the package failed while making the request", hint, facts), { ...facts, hint });
  }
}
