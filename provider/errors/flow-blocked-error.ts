import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** Meta error 139000: the flow is blocked by Meta's integrity checks. */
export class FlowBlockedError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Meta blocked this flow for integrity reasons; see WhatsApp Manager for why. A blocked flow can only be " +
      "deprecated (deprecateOnDelete: true, then remove it from the program).";
    super(describeFailure("the flow is blocked by Meta", hint, facts), { ...facts, hint });
  }
}
