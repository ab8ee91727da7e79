/**
 * The Kaleyra emulator: a local stand-in for Kaleyra's WhatsApp Flow endpoints
 * (`POST`/`GET /v2/<sid>/whatsapp/<flow_id>`) with fault injection and a control API.
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
export type { EmulatorAccess } from "./state";
export { EmulatorControl, EmulatorControlError } from "./control-client";
export { DEMO_SEED } from "./demo-seed";
export { loadSeedFile, validateSeed } from "./seed";
export type { FlowPatch, FlowRecord, SeedAccount, SeedFile, SeedFlow, ValidAccount, ValidSeed } from "./seed";
export type { AccountView } from "./store";
export { FAULT_TYPES, validateFaultRule } from "./faults";
export type { ActiveFault, FaultRule, FaultType } from "./faults";
export type { EmulatorStats, LoggedRequest, RequestFilter } from "./request-log";
export { EmulatorError, SeedError } from "./errors";
export { FLOW_CATEGORIES, FLOW_STATUSES } from "./vocabulary";
export type { FlowCategory, FlowStatus } from "./vocabulary";
export {
  API_NOT_AVAILABLE_BODY,
  FLOW_NOT_FOUND_BODY,
  INCORRECT_PAYLOAD_BODY,
  INCORRECT_SID_OR_KEY_BODY,
  INTERNAL_ERROR_BODY,
  RATE_LIMIT_BODY,
  SUCCESS_BODY,
  BAD_GATEWAY_HTML,
  frozenFlowBody,
  serializeBody,
} from "./responses";
export type { KaleyraBody } from "./responses";
