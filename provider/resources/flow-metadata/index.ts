/**
 * FlowMetadata: the resource (resource.ts) and its lifecycle, a file per step. runtime.ts
 * hands the dynamic-provider host these steps with the {@link ProviderContext} of the run.
 *
 * | step   | calls to Kaleyra                                  |
 * | ------ | ------------------------------------------------- |
 * | check  | none                                              |
 * | diff   | none                                              |
 * | create | Get Flow Details; Update Flow Metadata if needed  |
 * | update | Get Flow Details; Update Flow Metadata if needed  |
 * | read   | Get Flow Details                                  |
 * | import | Get Flow Details (native provider only)           |
 * | delete | none                                              |
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ProviderContext } from "../context";
import { applyFlow } from "./apply";
import { fieldsToChange } from "./compare";
import { desiredOf, stateOf } from "./desired";
import { outputsOf, parseFlowState } from "./state";

export { check } from "./check";
export { diff, REPLACE_FIELDS } from "./diff";
export { read } from "./read";
export { importFlow } from "./import";
export { FlowState, parseFlowState, outputsOf } from "./state";
export { DesiredFlow, desiredOf } from "./desired";

type Props = Readonly<Record<string, unknown>>;

/**
 * create: adopts the existing flow (flow metadata cannot be created on its own: the flow is
 * created elsewhere, with its JSON). Reads it, and sends only what differs.
 */
export async function create(inputs: Props, context: ProviderContext): Promise<dynamic.CreateResult> {
  const state = await applyFlow(desiredOf(inputs, context.settings), context);
  return { id: state.flowId, outs: outputsOf(state) };
}

/**
 * update: when a managed field the program sets differs from the last known value, reads the
 * flow and sends what still differs; returns the complete outputs (they replace the stored
 * ones). Dropping a field from the program only stops managing it: nothing is called for that.
 */
export async function update(olds: Props, news: Props, context: ProviderContext): Promise<dynamic.UpdateResult> {
  const desired = desiredOf(news, context.settings);
  const previous = parseFlowState(olds, context.settings, desired.flowId);
  if (fieldsToChange(desired, previous).length === 0) return { outs: outputsOf(stateOf(desired, previous.status)) };
  return { outs: outputsOf(await applyFlow(desired, context)) };
}

/** delete: flow metadata cannot be deleted; the flow stays on Kaleyra as it is, state forgets it. */
export async function remove(): Promise<void> {
  // Nothing to call.
}
