import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** HTTP 401 `WA-401` "API is not available for given customer": the account has no Flows API. */
export class FlowApiNotEnabledError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Ask Kaleyra support to enable the WhatsApp Flows API (WhatsApp API V2) for this SID, or check that the SID " +
      "and pod (kaleyra:region / kaleyra:apiDomain) are the account that owns the flow.";
    super(describeFailure("the WhatsApp Flows API is not enabled for this account", hint, facts), { ...facts, hint });
  }
}
