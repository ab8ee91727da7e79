// The repository's own Pulumi program: one FlowMetadata per entry of the stack config
// `kaleyra-flows:flows`. `npm run demo` runs it against the bundled Kaleyra emulator.
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

/**
 * The managed flows: resource name -> flow id. Only values known before `up` (inputs), so a
 * preview lists the flows that change and no output noise.
 */
export const flowIds = Object.fromEntries(
  entries.map(({ key, flowId }, i) => [key ?? `flow-${flowId}`, flows[i].flowId]),
);
