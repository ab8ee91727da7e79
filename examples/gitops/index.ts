// The whole Pulumi program: one FlowMetadata per flow in flows.yaml. Edit flows.yaml, not
// this file. A problem in flows.yaml stops the run before anything is registered, with
// every problem listed by line (the same report as `npm run validate`).
import * as kaleyra from "pulumi-kaleyra-flows";

const flows = kaleyra.declareFlows("flows.yaml");

/** Each flow as applied, by resource name: shown after every `pulumi up`. */
export const applied = Object.fromEntries(
  Object.entries(flows).map(([name, flow]) => [
    name,
    { flowId: flow.flowId, name: flow.name, categories: flow.categories, endpointUri: flow.endpointUri, status: flow.status },
  ]),
);
