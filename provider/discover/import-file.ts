import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE } from "../native/tokens";
import type { FlowsPlan } from "./plan";

/**
 * `discover --import-file FILE`: the plan as the JSON file `pulumi import --file FILE` takes,
 * for programs on the native provider (pulumi-resource-kaleyra). Pure: the command writes it.
 *
 * The format is Pulumi's (`pulumi import --help`): `{"resources": [{"type", "name", "id"}]}`,
 * and only those three fields, as nothing else is needed: the stack's default provider is
 * configured from its `kaleyra:*` config, and every flow is a top-level resource. One resource
 * per flow the flows file declares, in its order, with its resource name, so a program
 * declared from either file names its resources alike; the id is the flow id, which is what
 * both resources import by. A flow declared whole (`--with-json`) is a Flow, the others are
 * FlowMetadata. Flows left out of the flows file are left out here too. Nothing in it comes
 * from the environment: no key, no account, no origin.
 */

/** One entry of `resources`. */
export interface ImportResource {
  readonly type: typeof NATIVE_FLOW_METADATA_TYPE | typeof NATIVE_FLOW_TYPE;
  readonly name: string;
  readonly id: string;
}

/** The resources, in the flows file's order (by resource name). */
export function importResources(plan: FlowsPlan): ImportResource[] {
  return plan.flows.map((flow) => ({
    type: flow.whole ? NATIVE_FLOW_TYPE : NATIVE_FLOW_METADATA_TYPE,
    name: flow.resourceName,
    id: flow.flowId,
  }));
}

/**
 * The file's text: indented by two spaces, ending in a newline, and stable (the same flows give
 * the same bytes), so running discover again shows in `git diff` what changed.
 */
export function renderImportFile(plan: FlowsPlan): string {
  return `${JSON.stringify({ resources: importResources(plan) }, null, 2)}\n`;
}
