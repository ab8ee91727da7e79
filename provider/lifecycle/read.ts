import type * as dynamic from "@pulumi/pulumi/dynamic";
import { sameCategories, uniqueCategories } from "../categories";
import type { FlowDetails } from "../client/kaleyra-client";
import { FlowNotFoundError } from "../errors";
import { MANAGED_FIELDS } from "../rules";
import { SettingSources } from "../settings";
import { clientFor } from "./client-for";
import { FlowState, outputsOf, parseFlowState } from "./flow-state";

/**
 * read (`pulumi refresh`): fetches the flow and reports its managed fields as they are on
 * Kaleyra, so drift shows and the next `up` restores it. The flow leaves the stack only on
 * Kaleyra's documented answer that it does not exist or does not belong to the account
 * (WA-401 with `error.flow_id`); any other failure, and any answer of a shape this package
 * does not recognise, fails the refresh and leaves the state as it was.
 */
export async function read(id: string, props: Readonly<Record<string, unknown>>, sources: SettingSources): Promise<dynamic.ReadResult> {
  const state = parseFlowState(props, sources, id);
  let remote: FlowDetails;
  try {
    remote = await clientFor(state, sources).getFlow(state.flowId);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const observed = observe(state, remote);
  const outputs = outputsOf(observed);
  const { status: _status, ...inputs } = outputs;
  // Inputs as well as outputs (SDK >= 3.216): the engine shows the next preview's diff from
  // old inputs to new ones, so drift then reads `name: "console value" => "program value"`.
  return { id: state.flowId, props: outputs, inputs };
}

/** The state with each managed field as Kaleyra holds it now, and the status read. */
function observe(state: FlowState, remote: FlowDetails): FlowState {
  const observed: { -readonly [K in keyof FlowState]: FlowState[K] } = { ...state, status: remote.status };
  for (const field of MANAGED_FIELDS) {
    if (state[field] === undefined) continue;
    if (field === "categories") {
      // Same set: keep the program's order, so a refresh shows no spurious reordering.
      observed.categories =
        remote.categories === undefined ? undefined : sameCategories(state.categories!, remote.categories) ? state.categories : uniqueCategories(remote.categories);
    } else {
      observed[field] = remote[field];
    }
  }
  return observed;
}
