import { FlowStatusError } from "../../errors";
import { UPDATE_POLICY } from "../../rules";
import { quote } from "../../text/quote";
import type { ProviderContext } from "../context";
import { bodyOf, fieldsToChange } from "./compare";
import { type DesiredFlow, stateOf } from "./desired";
import type { FlowState } from "./state";

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
export async function applyFlow(desired: DesiredFlow, context: ProviderContext): Promise<FlowState> {
  const { flowId, account } = desired;
  const client = context.client(account);
  const remote = await client.getFlow(flowId);
  const fields = fieldsToChange(desired, remote);
  if (fields.length === 0) return stateOf(desired, remote.status);

  const policy = UPDATE_POLICY[remote.status];
  if (policy === "never" || (policy === "opt-in" && !desired.allowPublishedUpdate)) {
    throw new FlowStatusError({ flowId, sid: account.sid, flowStatus: remote.status, fields });
  }
  await client.updateFlowMetadata(flowId, bodyOf(desired, fields));
  if (policy === "send") return stateOf(desired, remote.status);

  const after = await client.getFlow(flowId);
  if (after.status !== remote.status) {
    const flow = `Kaleyra flow ${flowId} (${quote(desired.name ?? remote.name ?? "")}, account ${account.sid})`;
    await context.diagnostics.warn(
      `${flow} went from ${remote.status} to ${after.status} when ${fields.join(", ")} changed ` +
        `(allowPublishedUpdate is on). Publish it again in WhatsApp Manager when it is ready; ` +
        `its status output now says ${after.status}.`,
    );
  }
  return stateOf(desired, after.status);
}
