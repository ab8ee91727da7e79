/**
 * The Kaleyra emulator: a local stand-in for Kaleyra's WhatsApp Flow endpoints (flow
 * details, Update Flow Metadata, Get Flows by WABA ID, and the whole lifecycle: Create,
 * Update Flow JSON, Get Flow Assets, Publish, Deprecate, Delete) with fault injection and a
 * control API.
 *
 * ```ts
 * import { startEmulator } from "pulumi-kaleyra-flows/emulator";
 * const emulator = await startEmulator(); // demo seed on a free port
 * ```
 *
 * See emulator/README.md for the seed format, the demo account, the control API and faults.
 */
export { startEmulator } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./server";
export { SYSTEM_CLOCK } from "./clock";
export type { EmulatorClock } from "./clock";
export type { EmulatorAccess } from "./state";
export { EmulatorControl, EmulatorControlError } from "./control-client";
export { DEMO_SEED } from "./demo-seed";
export { loadSeedFile, validateSeed } from "./seed";
export type {
  AccountPatch,
  AccountSettings,
  FlowPatch,
  FlowRecord,
  SeedAccount,
  SeedFile,
  SeedFlow,
  ValidAccount,
  ValidSeed,
} from "./seed";
export type { AccountView, FlowView } from "./store";
export {
  DEFAULT_OVERSIZED_BYTES,
  DOWNLOAD_FAULT_TYPES,
  FAULT_METHODS,
  FAULT_TYPES,
  MAX_OVERSIZED_BYTES,
  validateFaultRule,
} from "./faults";
export type { ActiveFault, FaultRule, FaultType } from "./faults";
export { ECHO_SHAPES, NO_KEY } from "./echo";
export type { EchoShape } from "./echo";
export { DEFAULT_LOG_LIMITS, ENTRY_OVERHEAD_BYTES } from "./request-log";
export type { EmulatorStats, LoggedRequest, RequestFilter, RequestLogLimits } from "./request-log";
export { DEFAULT_PAGING_NEXT_ORIGIN, GRAPH_VERSION } from "./flow-list";
export type { Paging } from "./flow-list";
export { EmulatorError, SeedError } from "./errors";
export type { InputProblem } from "./errors";
export {
  COMPONENT_TYPES,
  CREATE_SHAPES,
  DATA_API_VERSIONS,
  DETAILS_SHAPES,
  ENDPOINTS,
  ERROR_SHAPES,
  FLOW_CATEGORIES,
  FLOW_JSON_VERSIONS,
  FLOW_STATUSES,
  LIST_SHAPES,
  MAX_FLOW_JSON_BYTES,
  PUBLISHED_UPDATE_MODES,
  VALIDATION_STYLES,
} from "./vocabulary";
export type {
  CreateShape,
  DetailsShape,
  Endpoint,
  ErrorShape,
  FlowCategory,
  FlowStatus,
  ListShape,
  PublishedUpdate,
  ValidationStyle,
} from "./vocabulary";
export { checkFlowJson, styleErrors } from "./flow-json";
export type { FlowJsonReport, ShortValidationError, ValidationError, ValidationPointer } from "./flow-json";
export { META_ERROR_CODES } from "./meta-responses";
export type { MetaError } from "./meta-responses";
export { ASSET_PREFIX } from "./downloads";
export { PREVIEW_LIFETIME_MS } from "./preview";
export {
  API_NOT_AVAILABLE_BODY,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_PAYLOAD_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  INTERNAL_ERROR_BODY,
  RATE_LIMIT_BODY,
  SUCCESS_BODY,
  WABA_NOT_FOUND_BODY,
  BAD_GATEWAY_HTML,
  frozenFlowBody,
  publishedFlowBody,
  serializeBody,
} from "./responses";
export type { KaleyraBody } from "./responses";
