// The whole Pulumi program: one FlowMetadata per flow in flows.yaml. Edit flows.yaml, not
// this file. A problem in flows.yaml stops the run before anything is registered, with
// every problem listed by line (the same report as `npm run validate`).
import * as kaleyra from "pulumi-kaleyra-flows";

const flows = kaleyra.declareFlows("flows.yaml");

/**
 * The managed flows: resource name -> flow id. Only values known before `up`, so a pull
 * request's preview shows no output noise, just the flows that change.
 */
export const flowIds = Object.fromEntries(Object.entries(flows).map(([name, flow]) => [name, flow.flowId]));
