import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * Meta error 139002: publishing was refused, e.g. validation errors remain, the Flow JSON has
 * a `data_api_version` but the flow has no endpoint, the version cannot be published, or the
 * WhatsApp Business Account lacks a phone number, signed key or app.
 */
export class FlowPublishRefusedError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "The flow stays a DRAFT. Fix what Meta names (its validationErrors output lists any errors of the JSON; a " +
      "flow with data_api_version needs endpointUri and a public key on the phone number), then run `pulumi up` " +
      "again, or set publish: false until it is ready.";
    super(describeFailure("Kaleyra (Meta) refused to publish the flow", hint, facts), { ...facts, hint });
  }
}
