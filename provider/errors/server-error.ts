import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/** HTTP 5xx with a Kaleyra body (`WA-500` "Please try again later"). Retried until the deadline. */
export class ServerError extends KaleyraError {
  constructor(options: KaleyraErrorOptions) {
    super(
      "Kaleyra had an internal error",
      "This is usually temporary: run `pulumi up` again in a few minutes. If it persists, raise kaleyra:deadlineMs or contact Kaleyra support with the flow id and time.",
      true,
      options,
    );
  }
}
