/**
 * Flow: the whole flow as code (resource.ts) and its lifecycle, a file per step. flow-runtime.ts
 * hands the dynamic-provider host these steps with the {@link ProviderContext} of the run.
 *
 * | step   | calls to Kaleyra                                                                   |
 * | ------ | ---------------------------------------------------------------------------------- |
 * | check  | none                                                                               |
 * | diff   | none                                                                               |
 * | create | Get Flows by WABA ID (by name) or none; Create Flow if none matched; then as update |
 * | update | Get Flow Details; the JSON (assets, download) unless the record shows it matches;  |
 * |        | Update Flow Metadata / Update Flow JSON for what differs; Publish when asked       |
 * | read   | Get Flow Details; Get Flow Assets and the JSON's download URL                      |
 * | import | as read, from the id alone (native provider only)                                  |
 * | delete | Get Flow Details; Delete (own DRAFT) or Deprecate (opt-in) or nothing              |
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { KaleyraError } from "../../errors";
import type { ProviderContext } from "../context";
import { type Applied, applyFlowResource, stateOf } from "./apply";
import { desiredFlowOf } from "./desired";
import { locateFlow } from "./locate";
import { flowOutputsOf, parseFlowResourceState } from "./state";

export { check } from "./check";
export { diff, FLOW_REPLACE_FIELDS } from "./diff";
export { read } from "./read";
export { importFlow } from "./import";
export { remove } from "./remove";
export { FlowResourceState, parseFlowResourceState, flowOutputsOf } from "./state";

type Props = Readonly<Record<string, unknown>>;

/**
 * create: finds the flow (`flowId`, or a flow of the same name in the WABA) or makes it, then
 * brings it to the program's metadata, JSON and publish state. A failure after the flow exists
 * still records it in the stack (see {@link settle}), so the next `up` continues with the same
 * flow and never makes a second one.
 */
export async function create(inputs: Props, context: ProviderContext): Promise<dynamic.CreateResult> {
  const desired = desiredFlowOf(inputs, context.settings);
  const located = await locateFlow(context.client(desired.account), desired);
  let applied: Applied;
  try {
    applied = await applyFlowResource(desired, located, context);
  } catch (error) {
    if (!located.created || !(error instanceof KaleyraError)) throw error;
    // Made by this create, then a refusal before anything else was sent: still this stack's.
    const state = { ...stateOf(desired, located, "DRAFT", []), flowJsonSha256: undefined };
    throw withPartialState(error, located.flowId, flowOutputsOf(state));
  }
  return { id: located.flowId, outs: settle(applied) };
}

/** update: reads the flow and sends only what differs; returns the complete outputs. */
export async function update(olds: Props, news: Props, context: ProviderContext): Promise<dynamic.UpdateResult> {
  const desired = desiredFlowOf(news, context.settings);
  const previous = parseFlowResourceState(olds, context.settings);
  const applied = await applyFlowResource(
    desired,
    { flowId: previous.flowId, created: previous.created },
    context,
    previous,
  );
  return { outs: settle(applied) };
}

/**
 * The outputs of a step, or its failure with the state the flow is now in attached, as both
 * provider hosts read it (`id`, `properties`): the engine records that state and
 * reports the step as failed (a resource that "failed to initialise"), so what was sent is
 * never lost from the stack.
 */
function settle(applied: Applied): Record<string, unknown> {
  const outputs = flowOutputsOf(applied.state);
  if (applied.failure) throw withPartialState(applied.failure, applied.state.flowId, outputs);
  return outputs;
}

function withPartialState(error: KaleyraError, id: string, outputs: Record<string, unknown>): KaleyraError {
  // The host stores `properties` as the outputs as they are; each entry point adds what it
  // needs among them (the dynamic provider its loader: flow-runtime.ts).
  Object.assign(error, {
    id,
    properties: outputs,
    reasons: [error.message],
  });
  return error;
}
