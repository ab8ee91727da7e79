/**
 * pulumi-kaleyra-flows: manage the metadata of WhatsApp Flows on Kaleyra with Pulumi.
 *
 * @example
 * import * as kaleyra from "pulumi-kaleyra-flows";
 * new kaleyra.FlowMetadata("sign-up", { flowId: "1234567890123456", name: "Sign up", categories: ["SIGN_UP"] });
 */
export { FlowMetadata, FlowMetadataArgs, FLOW_METADATA_TYPE } from "./resource";
export { FLOW_CATEGORIES, FlowCategory } from "./categories";
export { REGION_DOMAINS, Region } from "./validation";
export * from "./errors";
export { KaleyraClient, ClientSettings, FlowMetadataBody, USER_AGENT } from "./client/kaleyra-client";
export { FlowDetails } from "./client/response";
export { TUNING, ACCOUNT_SETTINGS } from "./settings";
export { PACKAGE_VERSION } from "./version";
export * from "./gitops";
export { declareFlows, DeclareFlowsOptions } from "./gitops/declare";
