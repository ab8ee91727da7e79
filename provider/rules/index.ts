/**
 * The rules every input and setting is held to, with the messages that name the property
 * and the fix. One table (inputs.ts) serves the provider's `check` and the flows file alike.
 * Light on purpose: no Pulumi, no HTTP, so the offline validator can load it fast.
 */
export { Checked, ValidationFailure, ok, bad, own } from "./checked";
export { UNKNOWN, isUnknown } from "./unknown";
export { checkFlowId, FLOW_ID_DIGITS } from "./flow-id";
export { checkName, NAME_MAX_LENGTH } from "./name";
export { checkCategories, categoryProblem } from "./categories";
export { checkEndpointUri, ENDPOINT_URI_MAX_LENGTH } from "./endpoint-uri";
export { checkSid, checkRegion, checkApiDomain, REGION_DOMAINS, Region, SID_MAX_LENGTH } from "./account";
export { checkWholeNumber, checkBoolean, checkSwitch } from "./settings-values";
export { classifyHost, isLoopbackHost, HostKind } from "./network";
export {
  INPUT_RULES,
  INPUT_PROPERTIES,
  InputProperty,
  MANAGED_FIELDS,
  ManagedField,
  ACCOUNT_PROPERTIES,
  isInputProperty,
  unknownPropertyReason,
  validateInputs,
  NOTHING_TO_MANAGE,
  FLOW_ID_REQUIRED,
  ALLOW_PUBLISHED_MEANING,
} from "./inputs";
