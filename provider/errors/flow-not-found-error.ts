import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * HTTP 401 `WA-401` with `error.flow_id` "The flow_id either does not exist or does not
 * belong to the account.": the one response on which `pulumi refresh` drops a flow from the stack.
 */
export class FlowNotFoundError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Check the flowId (the id returned when the flow was created, listed in WhatsApp Manager > Flows) and that " +
      "the SID and pod are the account that owns it. If the flow was deleted, remove its resource from the program.";
    super(describeFailure("the flow does not exist or does not belong to this account", hint, facts), {
      ...facts,
      hint,
    });
  }
}
