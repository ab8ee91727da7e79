import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { FlowDetails } from "../../client/kaleyra-client";
import { FlowNotFoundError } from "../../errors";
import { sameCategories, uniqueCategories } from "../../rules";
import type { ProviderContext } from "../context";
import { type FlowState, outputsOf, parseFlowState } from "./state";

/**
 * read (`pulumi refresh`): fetches the flow and reports its managed fields as they are on
 * Kaleyra, so drift shows and the next `up` restores it. The flow leaves the stack only on
 * Kaleyra's documented response that it does not exist or does not belong to the account
 * (WA-401 with `error.flow_id`); any other failure, and any response of a shape this package
 * does not recognise, fails the refresh and leaves the state as it was.
 */
export async function read(
  id: string,
  props: Readonly<Record<string, unknown>>,
  context: ProviderContext,
): Promise<dynamic.ReadResult> {
  const state = parseFlowState(props, context.settings, id);
  let remote: FlowDetails;
  try {
    remote = await context.client(state).getFlow(state.flowId);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const outputs = outputsOf(observe(state, remote));
  const { status: _status, ...inputs } = outputs;
  // Inputs as well as outputs (SDK >= 3.216): the engine shows the next preview's diff from
  // old inputs to new ones, so drift then reads `name: "console value" => "program value"`.
  return { id: state.flowId, props: outputs, inputs };
}

/** The state with each managed field as Kaleyra holds it now, and the status read. */
function observe(state: FlowState, remote: FlowDetails): FlowState {
  const { categories } = state;
  return {
    ...state,
    status: remote.status,
    ...(state.name !== undefined ? { name: remote.name } : {}),
    ...(state.endpointUri !== undefined ? { endpointUri: remote.endpointUri } : {}),
    // Same set: keep the program's order, so a refresh shows no spurious reordering.
    ...(categories !== undefined
      ? {
          categories:
            remote.categories &&
            (sameCategories(categories, remote.categories) ? categories : uniqueCategories(remote.categories)),
        }
      : {}),
  };
}
