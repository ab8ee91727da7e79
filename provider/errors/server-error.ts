import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** HTTP 5xx with a Kaleyra body (`WA-500` "Please try again later"). Retried until the deadline. */
export class ServerError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "This is usually temporary: run `pulumi up` again in a few minutes. If it persists, raise " +
      "kaleyra:deadlineMs or contact Kaleyra support with the flow id and time.";
    super(describeFailure("Kaleyra had an internal error", hint, facts), { ...facts, hint });
  }
}
