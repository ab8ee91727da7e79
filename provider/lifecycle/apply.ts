import type { Diagnostics } from "../engine/diagnostics";
import { FlowStatusError } from "../errors";
import { UPDATE_POLICY } from "../flow-status";
import { quote } from "../text/quote";
import { SettingSources } from "../settings";
import { clientFor } from "./client-for";
import { bodyOf, fieldsToChange } from "./compare";
import { DesiredFlow, stateOf } from "./desired";
import type { FlowState } from "./flow-state";

/**
 * Brings one flow to what the program asks, reading before writing, for `create` (adopting an
 * existing flow) and `update`:
 *
 * 1. Get Flow Details: the flow's managed fields and status as Kaleyra holds them now.
 * 2. Nothing differs: nothing is sent (adopting a flow that already matches, or re-running
 *    after an interrupted `up`, sends no update).
 * 3. Something differs, by status: DRAFT is updated; PUBLISHED or THROTTLED is updated only
 *    with `allowPublishedUpdate`, then read again, since the update may have put it back to
 *    DRAFT (said as a warning); DEPRECATED or BLOCKED fails. A refusal sends nothing.
 * 4. Only the differing fields are sent.
 *
 * @returns the complete state to store: the desired fields and the status as last read.
 */
export async function applyFlow(desired: DesiredFlow, sources: SettingSources, diagnostics: Diagnostics): Promise<FlowState> {
  const client = clientFor(desired.account, sources);
  const remote = await client.getFlow(desired.flowId);
  const fields = fieldsToChange(desired, remote);
  if (fields.length === 0) return stateOf(desired, remote.status);

  const policy = UPDATE_POLICY[remote.status];
  if (policy === "never" || (policy === "opt-in" && !desired.allowPublishedUpdate)) {
    throw new FlowStatusError({ flowId: desired.flowId, sid: desired.account.sid, flowStatus: remote.status, fields });
  }
  await client.updateFlowMetadata(desired.flowId, bodyOf(desired, fields));
  if (policy === "send") return stateOf(desired, remote.status);

  const after = await client.getFlow(desired.flowId);
  if (after.status !== remote.status) {
    await diagnostics.warn(
      `Kaleyra flow ${desired.flowId} (${quote(desired.name ?? remote.name ?? "")}, account ${desired.account.sid}) went from ${remote.status} to ${after.status} when ${fields.join(", ")} changed (allowPublishedUpdate is on). Publish it again in WhatsApp Manager when it is ready; its status output now says ${after.status}.`,
    );
  }
  return stateOf(desired, after.status);
}
