import { describeFailure, KaleyraError, type KaleyraErrorFacts } from "./kaleyra-error";
import { quote } from "../text/quote";

/**
 * A Flow says `publish: false` (the default) but the flow is PUBLISHED (or THROTTLED): a
 * published flow cannot be unpublished, so the program cannot be made true. Nothing was sent.
 */
export class PublishedFlowError extends KaleyraError {
  /** The flow's status as read. */
  readonly flowStatus!: string;

  constructor(facts: KaleyraErrorFacts & { readonly flowStatus: string; readonly flowName?: string }) {
    const named = facts.flowName === undefined ? "" : ` ${quote(facts.flowName)}`;
    const summary = `the flow${named} is ${facts.flowStatus} but publish is false; nothing was sent`;
    const hint =
      "A published flow cannot go back to DRAFT by request. Set publish: true on this resource to keep managing it " +
      "(changes then need allowPublishedUpdate: true), or to retire it set deprecateOnDelete: true and remove it " +
      "from the program (deprecating cannot be undone).";
    super(describeFailure(summary, hint, facts), { ...facts, hint });
    this.flowStatus = facts.flowStatus;
  }
}
