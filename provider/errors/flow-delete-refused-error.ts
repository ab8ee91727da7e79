import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** Meta error 139004: only a DRAFT flow can be deleted; this one has been published. */
export class FlowDeleteRefusedError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "A published flow cannot be deleted, only deprecated: set deprecateOnDelete: true to deprecate it on " +
      "destroy (cannot be undone), or `pulumi state delete` the resource to leave the flow as it is.";
    super(describeFailure("Kaleyra (Meta) refused to delete the flow", hint, facts), { ...facts, hint });
  }
}
