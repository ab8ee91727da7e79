// The whole Pulumi program: one resource per flow in flows.yaml (a Flow for an entry with
// flowJson, a FlowMetadata for any other). Edit flows.yaml and the Flow JSON files it names,
// not this file. A problem in any of them stops the run before anything is registered, with
// every problem listed by file and line (the same report as `npm run validate`).
import * as kaleyra from "pulumi-kaleyra-flows";

const flows = kaleyra.declareFlows("flows.yaml");

/**
 * The managed flows: resource name -> flow id. Inputs where the file gives the id, so a pull
 * request's preview shows no output noise, just the flows that change (a flow the stack
 * creates has its id once `up` made it).
 */
export const flowIds = Object.fromEntries(Object.entries(flows).map(([name, flow]) => [name, flow.flowId]));
