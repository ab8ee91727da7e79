/**
 * Flow JSON checks for the Flow resource, the CLI and GitOps: read a Flow JSON from text or a value, report every
 * problem with its pointer (and line and column for text) and the fix, and give it one canonical form and hash.
 */
export { canonicalFlowJson, flowJsonSha256 } from "./canonical";
export type { FlowJsonContext } from "./endpoint-rules";
export { MAX_FLOW_JSON_BYTES } from "./limits";
export { parseFlowJson } from "./parse";
export type { FlowJsonParse } from "./parse";
export { describeProblem } from "./problem";
export type { FlowJsonProblem } from "./problem";
export { validateFlowJson } from "./validate";
export { COMPONENT_TYPES, DATA_API_VERSIONS, PUBLISHABLE_VERSIONS } from "./vocabulary";
