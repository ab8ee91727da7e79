// The N scenarios' program: the root program (index.ts at the repository's root) on the
// native provider. The same stack config (`kaleyra-flows:flows`), the same FlowMetadata per
// entry with the same arguments and the same stack output, but each a `kaleyra:index:FlowMetadata`
// of the generated Node.js SDK (sdk/nodejs), served by the plugin pulumi-resource-kaleyra
// instead of the dynamic-provider host. The same language and SDK on both sides, so only the
// provider differs. The account's SID, key and API domain come from the environment, as in
// a pipeline (the plugin reads the same variables as the dynamic provider).
import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "@pulumi-kaleyra-flows/kaleyra";

interface FlowEntry extends kaleyra.FlowMetadataArgs {
  /** The resource name; defaults to the flow id. */
  key?: string;
}

const config = new pulumi.Config();
const entries = config.requireObject<FlowEntry[]>("flows");

const flows = entries.map(({ key, ...args }) => new kaleyra.FlowMetadata(key ?? `flow-${args.flowId}`, args));

/** The managed flows: resource name -> flow id, as the root program exports them. */
export const flowIds = Object.fromEntries(
  entries.map(({ key, flowId }, i) => [key ?? `flow-${flowId}`, flows[i].flowId]),
);
