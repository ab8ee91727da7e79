/**
 * pulumi-kaleyra-flows: manage the metadata of WhatsApp Flows on Kaleyra with Pulumi.
 *
 * @example
 * import * as kaleyra from "pulumi-kaleyra-flows";
 * new kaleyra.FlowMetadata("sign-up", { flowId: "1234567890123456", name: "Sign up", categories: ["SIGN_UP"] });
 */
export { FlowMetadata, FlowMetadataArgs, FLOW_METADATA_TYPE } from "./resource";
export { FLOW_CATEGORIES, FlowCategory } from "./categories";
export { REGION_DOMAINS, Region } from "./rules";
export { FLOW_STATUSES, FlowStatus } from "./flow-status";
export * from "./errors";
export { KaleyraClient, ClientSettings, FlowMetadataBody, ListFlowsOptions, FlowDetails, FlowPage, USER_AGENT, FLOW_DETAIL_FIELDS } from "./client/kaleyra-client";
export { TUNING, ACCOUNT_SETTINGS } from "./settings";
export { PACKAGE_VERSION } from "./version";
export * from "./gitops";
export { declareFlows, DeclareFlowsOptions } from "./gitops/declare";
