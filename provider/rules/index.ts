/**
 * The rules every input and setting is held to, with the messages that name the property
 * and the fix. One table (inputs.ts) serves the provider's `check` and the flows file alike.
 * Light on purpose: no Pulumi, no HTTP, so the offline validator can load it fast.
 */
export { Checked, ValidationFailure, ok, bad, own, isRecord } from "./checked";
export { UNKNOWN, isUnknown } from "./unknown";
export { checkFlowId, FLOW_ID_DIGITS } from "./flow-id";
export { checkName, NAME_MAX_LENGTH } from "./name";
export {
  checkCategories,
  categoryProblem,
  FLOW_CATEGORIES,
  FlowCategory,
  isFlowCategory,
  sameCategories,
  uniqueCategories,
} from "./categories";
export { FLOW_STATUSES, FlowStatus, isFlowStatus, UPDATE_POLICY } from "./flow-status";
export { checkEndpointUri, ENDPOINT_URI_MAX_LENGTH } from "./endpoint-uri";
export {
  checkSid,
  checkRegion,
  checkApiDomain,
  DEFAULT_REGION,
  REGION_DOMAINS,
  Region,
  SID_MAX_LENGTH,
} from "./account";
export { checkWholeNumber, checkBoolean, checkSwitch } from "./settings-values";
export { classifyHost, isLoopbackHost, HostKind } from "./network";
export {
  INPUT_RULES,
  INPUT_PROPERTIES,
  InputProperty,
  InputValues,
  CheckedInputs,
  MANAGED_FIELDS,
  ManagedField,
  ACCOUNT_PROPERTIES,
  AccountProperty,
  isInputProperty,
  ruleFor,
  unknownPropertyReason,
  validateInputs,
  NOTHING_TO_MANAGE,
  FLOW_ID_REQUIRED,
  ALLOW_PUBLISHED_MEANING,
} from "./inputs";
