import { KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * What the stack's state holds for a flow cannot be used (a field of the wrong type, an API
 * domain that is no longer accepted, no account at all). Nothing was sent, and the state is
 * left as it is.
 */
export class StateError extends KaleyraError {
  /** The state field at fault, e.g. `apiDomain`. */
  readonly field!: string;

  constructor(
    facts: KaleyraErrorFacts & Pick<StateError, "field"> & { readonly problem: string; readonly fix: string },
  ) {
    const { problem, fix, field, ...rest } = facts;
    super(
      `The stack's state for Kaleyra flow ${rest.flowId ?? "(no flow id)"} cannot be used: ${field} ${problem}. ` +
        `Nothing was sent and the state is unchanged. ${fix}`,
      { ...rest, hint: fix },
    );
    this.field = field;
  }
}
