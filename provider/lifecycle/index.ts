/**
 * The FlowMetadata lifecycle, one file per step: what `pulumi preview`, `up`, `refresh` and
 * `destroy` do with a flow. runtime.ts hands the dynamic-provider host these functions with
 * the settings and diagnostics of the running process.
 *
 * | step   | calls to Kaleyra                                  |
 * | ------ | ------------------------------------------------- |
 * | check  | none                                              |
 * | diff   | none                                              |
 * | create | Get Flow Details; Update Flow Metadata if needed  |
 * | update | Get Flow Details; Update Flow Metadata if needed  |
 * | read   | Get Flow Details                                  |
 * | delete | none                                              |
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Diagnostics } from "../engine/diagnostics";
import { MANAGED_FIELDS } from "../rules";
import { SettingSources } from "../settings";
import { applyFlow } from "./apply";
import { differs } from "./compare";
import { desiredOf, stateOf } from "./desired";
import { outputsOf, parseFlowState } from "./flow-state";

export { check } from "./check";
export { diff, REPLACE_FIELDS } from "./diff";
export { read } from "./read";
export { FlowState, parseFlowState, outputsOf } from "./flow-state";
export { DesiredFlow, desiredOf } from "./desired";

/**
 * create: adopts the existing flow (flow metadata cannot be created on its own: the flow is
 * created elsewhere, with its JSON). Reads it, and sends only what differs.
 */
export async function create(inputs: Readonly<Record<string, unknown>>, sources: SettingSources, diagnostics: Diagnostics): Promise<dynamic.CreateResult> {
  const desired = desiredOf(inputs, sources);
  const state = await applyFlow(desired, sources, diagnostics);
  return { id: state.flowId, outs: outputsOf(state) };
}

/**
 * update: when a managed field the program sets differs from the last known value, reads the
 * flow and sends what still differs; returns the complete outputs (they replace the stored
 * ones). Dropping a field from the program only stops managing it: nothing is called for that.
 */
export async function update(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  sources: SettingSources,
  diagnostics: Diagnostics,
): Promise<dynamic.UpdateResult> {
  const desired = desiredOf(news, sources);
  const previous = parseFlowState(olds, sources, desired.flowId);
  const changed = MANAGED_FIELDS.some((field) => desired[field] !== undefined && differs(field, previous[field], desired[field]));
  if (!changed) return { outs: outputsOf(stateOf(desired, previous.status)) };
  return { outs: outputsOf(await applyFlow(desired, sources, diagnostics)) };
}
