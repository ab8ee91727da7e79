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

/** What each flow looks like after this update, keyed by resource name. */
export const applied = pulumi
  .all(flows.map((f) => pulumi.all([f.urn, f.flowId, f.name, f.categories, f.endpointUri, f.status])))
  .apply((rows) =>
    Object.fromEntries(
      rows.map(([urn, flowId, name, categories, endpointUri, status]) => [urn.split("::").pop(), { flowId, name, categories, endpointUri, status }]),
    ),
  );
