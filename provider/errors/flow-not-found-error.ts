import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/** HTTP 401 `WA-401` "The flow_id either does not exist or does not belong to the account." */
export class FlowNotFoundError extends KaleyraError {
  constructor(options: KaleyraErrorOptions) {
    super(
      "the flow does not exist or does not belong to this account",
      "Check the flowId (the id returned when the flow was created, listed in WhatsApp Manager > Flows) and that the SID and pod are the account that owns it. If the flow was deleted, remove its resource from the program.",
      false,
      options,
    );
  }
}
