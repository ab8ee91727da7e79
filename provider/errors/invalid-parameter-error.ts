import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * Meta error 100: a parameter was refused. For flows: a name already used in the WhatsApp
 * Business Account, an unknown flow, an invalid Flow JSON version or endpoint.
 */
export class InvalidParameterError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Flow names must be unique in the WhatsApp Business Account (rename this flow, or adopt the existing one " +
      "with flowId); check endpointUri (an absolute https URL Meta can reach) and the Flow JSON's version.";
    super(describeFailure("Kaleyra (Meta) refused a parameter", hint, facts), { ...facts, hint });
  }
}
