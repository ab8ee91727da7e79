import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * A managed field must change, but the flow's status (read just before) says the change must
 * not be sent: a PUBLISHED or THROTTLED flow without `allowPublishedUpdate`, or a DEPRECATED
 * or BLOCKED flow, which cannot take changes at all. Nothing was sent.
 */
export class FlowStatusError extends KaleyraError {
  /** The flow's status as read, e.g. `PUBLISHED`. */
  readonly flowStatus!: string;
  /** The managed fields that differ from what Kaleyra holds. */
  readonly fields!: readonly string[];

  constructor(facts: KaleyraErrorFacts & Pick<FlowStatusError, "flowStatus" | "fields">) {
    const live = facts.flowStatus === "PUBLISHED" || facts.flowStatus === "THROTTLED";
    const summary = `the flow is ${facts.flowStatus} and ${facts.fields.join(", ")} would change; nothing was sent`;
    const hint = live
      ? "Changing a published flow's metadata either is refused or puts the flow back to DRAFT (unpublishing it), " +
        "depending on the account. Either clone it into a new DRAFT flow in WhatsApp Manager and point flowId at " +
        "the clone, or, if going back to DRAFT is acceptable, opt in with allowPublishedUpdate: true on this " +
        "resource (or in the flows file, or `pulumi config set kaleyra:allowPublishedUpdate true`)."
      : `A ${facts.flowStatus} flow cannot take metadata changes. Clone it into a new DRAFT flow in WhatsApp ` +
        `Manager and point flowId at the clone, or stop managing ${facts.fields.join(", ")} (remove them from the ` +
        `resource).`;
    super(describeFailure(summary, hint, facts), { ...facts, hint });
    this.flowStatus = facts.flowStatus;
    this.fields = [...facts.fields];
  }
}
