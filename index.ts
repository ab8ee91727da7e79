// The repository's own Pulumi program: one FlowMetadata per entry of the stack config
// `kaleyra-flows:flows`, and one whole Flow per entry of `kaleyra-flows:wholeFlows` (its Flow
// JSON in the file the entry names, e.g. flows/welcome.json). `npm run demo` runs it against
// the bundled Kaleyra emulator.
//
//   pulumi config set --path 'kaleyra-flows:flows[0].key' sign-up
//   pulumi config set --path 'kaleyra-flows:flows[0].flowId' 1234567890123451
//   pulumi config set --path 'kaleyra-flows:flows[0].name' "Sign up"
import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

interface FlowEntry extends kaleyra.FlowMetadataArgs {
  /** The resource name; defaults to the flow id. */
  key?: string;
}

const config = new pulumi.Config();
const entries = config.requireObject<FlowEntry[]>("flows");

const flows = entries.map(({ key, ...args }) => new kaleyra.FlowMetadata(key ?? `flow-${args.flowId}`, args));

interface WholeFlowEntry extends Omit<kaleyra.FlowArgs, "flowJson"> {
  /** The resource name. */
  key: string;
  /** The Flow JSON file, relative to this folder. */
  file: string;
}

const wholeFlows = Object.fromEntries(
  (config.getObject<WholeFlowEntry[]>("wholeFlows") ?? []).map(({ key, file, ...args }) => [
    key,
    new kaleyra.Flow(key, { ...args, flowJson: kaleyra.flowJsonFile(file) }),
  ]),
);

/**
 * The managed flows: resource name -> flow id. Only values known before `up` (inputs), so a
 * preview lists the flows that change and no output noise.
 */
export const flowIds = Object.fromEntries(
  entries.map(({ key, flowId }, i) => [key ?? `flow-${flowId}`, flows[i].flowId]),
);

/**
 * The whole flows: resource name -> flow id (known once `up` has created or adopted the flow).
 * Not exported at all for a stack that declares none, whose outputs stay as they were.
 */
export const wholeFlowIds =
  Object.keys(wholeFlows).length > 0
    ? Object.fromEntries(Object.entries(wholeFlows).map(([key, flow]) => [key, flow.flowId]))
    : undefined;
