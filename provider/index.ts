/**
 * pulumi-kaleyra-flows: manage WhatsApp Flows on Kaleyra with Pulumi: whole flows (Flow) or the
 * metadata of flows made elsewhere (FlowMetadata).
 *
 * @example
 * import * as kaleyra from "pulumi-kaleyra-flows";
 * new kaleyra.FlowMetadata("sign-up", { flowId: "1234567890123456", name: "Sign up", categories: ["SIGN_UP"] });
 */
export { FlowMetadata, FlowMetadataArgs, FLOW_METADATA_TYPE } from "./resources/flow-metadata/resource";
export { Flow, FlowArgs, FlowJsonInput, FlowValidationErrorOutput, FLOW_TYPE } from "./resources/flow/resource";
export { flowJsonFile, FlowJsonFile } from "./resources/flow/flow-json-file";
export { FLOW_CATEGORIES, FlowCategory, FLOW_STATUSES, FlowStatus, REGION_DOMAINS, Region } from "./rules";
export * from "./errors";
export { Redactor, REDACTED, MIN_SECRET_LENGTH, rememberSecret } from "./redaction";
export {
  KaleyraClient,
  ClientSettings,
  FlowMetadataBody,
  ListFlowsOptions,
  FlowDetails,
  FlowPage,
  USER_AGENT,
  FLOW_DETAIL_FIELDS,
  FLOW_RESOURCE_FIELDS,
  CreateFlowBody,
  CreatedFlow,
  FlowAssetPage,
  FlowValidationError,
} from "./client/kaleyra-client";
export { isRetryable, Clock } from "./client/retry";
export { TUNING, ACCOUNT_SETTINGS } from "./settings";
export { resetProcessCaches } from "./process-caches";
export { PACKAGE_VERSION } from "./version";
export * from "./gitops";
export { declareFlows, DeclareFlowsOptions, DeclaredFlows } from "./gitops/declare";
