import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * HTTP 400 `WA-400` whose detail is not the documented payload error: Kaleyra (or Meta behind
 * it) refuses to change this flow as it stands, e.g. a published, deprecated or blocked
 * flow. The seed page does not document this case; its detail is passed on, redacted.
 */
export class FlowUpdateRefusedError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "A DEPRECATED or BLOCKED flow, and on some accounts a PUBLISHED one, cannot take metadata changes: check " +
      "the flow's status in WhatsApp Manager. Either clone it into a new DRAFT flow and point flowId at that, " +
      "or stop managing the refused fields (remove them from the resource).";
    super(describeFailure("Kaleyra refused to change this flow in its current state", hint, facts), { ...facts, hint });
  }
}
