/**
 * The status changes a flow goes through outside Update Flow Metadata: Kaleyra's Publish
 * and Deprecate endpoints, which the emulator offers on its control API only (the client
 * under test never publishes; a test sets the scene). Meta's rules: only a DRAFT flow can
 * be published; a published flow cannot be deleted, only deprecated.
 */
import { EmulatorError } from "./errors";
import type { StoredFlow } from "./store";
import { FlowStatus, PUBLISHED_STATUSES } from "./vocabulary";

/** A status change of the control API. */
export type FlowTransition = "publish" | "deprecate";

/** Every {@link FlowTransition}, as the control API spells its routes. */
export const FLOW_TRANSITIONS: readonly FlowTransition[] = ["publish", "deprecate"];

/**
 * The status a flow moves to, or an {@link EmulatorError} with status 409 saying why the
 * flow's current status does not allow it.
 */
export function nextStatus(flow: StoredFlow, transition: FlowTransition): FlowStatus {
  if (transition === "publish") {
    if (flow.status === "DRAFT") return "PUBLISHED";
    throw new EmulatorError(`flow ${flow.id} is ${flow.status}: only a DRAFT flow can be published`, 409);
  }
  if (PUBLISHED_STATUSES.has(flow.status)) return "DEPRECATED";
  const hint = flow.status === "DRAFT" ? " (a DRAFT flow is deleted, not deprecated)" : "";
  throw new EmulatorError(
    `flow ${flow.id} is ${flow.status}: only a PUBLISHED or THROTTLED flow can be deprecated${hint}`,
    409,
  );
}
