import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** Meta error 139003: deprecation was refused: the flow is not published, or is already deprecated. */
export class FlowDeprecateRefusedError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Only a PUBLISHED (or THROTTLED, BLOCKED) flow can be deprecated; a DRAFT is deleted instead. Run `pulumi " +
      "refresh` to read the flow's status, then `pulumi destroy` again.";
    super(describeFailure("Kaleyra (Meta) refused to deprecate the flow", hint, facts), { ...facts, hint });
  }
}
