import { closest } from "../text/closest";
import { quote, show } from "../text/quote";
import { ACCOUNT_PROPERTIES, INPUT_RULES } from "./inputs";
import { bad, Checked, ok, own, ValidationFailure } from "./checked";
import { UNKNOWN } from "./unknown";
import { checkWabaId } from "./waba-id";

/**
 * Every input a Flow accepts, in the order documented. `flowJsonFile` is not written by
 * programs: `new Flow` sets it, with the file's text as `flowJson`, when given
 * `flowJsonFile(path)`, so messages can name the file.
 */
export const FLOW_INPUT_PROPERTIES = [
  "wabaId",
  "flowId",
  "name",
  "categories",
  "endpointUri",
  "flowJson",
  "flowJsonFile",
  "publish",
  "allowPublishedUpdate",
  "deprecateOnDelete",
  "sid",
  "region",
  "apiDomain",
] as const;

/** One Flow input. */
export type FlowInputProperty = (typeof FLOW_INPUT_PROPERTIES)[number];

/** What `publish: true` means, for messages. */
export const PUBLISH_MEANING =
  "publish: true publishes the flow after its JSON is uploaded without validation errors; a published flow cannot be " +
  "unpublished or deleted, only deprecated.";

/** What `deprecateOnDelete: true` means, for messages. */
export const DEPRECATE_ON_DELETE_MEANING =
  "deprecateOnDelete: true deprecates a published flow when the resource is destroyed or replaced (cannot be undone); " +
  "without it the flow is left live and only forgotten.";

const booleanRule =
  (property: string, meaning: string) =>
  (value: unknown): Checked<boolean> =>
    typeof value === "boolean" ? ok(value) : bad(`${property} must be true or false, got ${show(value)}. ${meaning}`);

/**
 * The rules of the Flow inputs checked one by one (the Flow JSON is checked as a whole, with
 * the endpoint, by provider/flow-json). The fields Flow shares with FlowMetadata use
 * FlowMetadata's rules, so a name or category is judged the same by both.
 */
export const FLOW_INPUT_RULES = {
  wabaId: checkWabaId,
  flowId: INPUT_RULES.flowId,
  name: INPUT_RULES.name,
  categories: INPUT_RULES.categories,
  endpointUri: INPUT_RULES.endpointUri,
  publish: booleanRule("publish", PUBLISH_MEANING),
  allowPublishedUpdate: INPUT_RULES.allowPublishedUpdate,
  deprecateOnDelete: booleanRule("deprecateOnDelete", DEPRECATE_ON_DELETE_MEANING),
  flowJsonFile: (value: unknown): Checked<string> =>
    typeof value === "string" && value !== ""
      ? ok(value)
      : bad(`flowJsonFile must be a file name, got ${show(value)}.`),
} as const;

/** The inputs {@link FLOW_INPUT_RULES} check. */
export type RuledFlowInput = keyof typeof FLOW_INPUT_RULES;

/** A message for an input Flow does not have, suggesting the nearest that it does. */
export function unknownFlowPropertyReason(key: string): string {
  const suggestion = closest(key, FLOW_INPUT_PROPERTIES);
  const shown = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
  return (
    `${shown} is not a Flow input${suggestion ? ` (did you mean ${suggestion}?)` : ""}. ` +
    `Inputs are ${FLOW_INPUT_PROPERTIES.join(", ")}.`
  );
}

/** The reason given when neither wabaId nor flowId is set. */
export const WABA_OR_FLOW_REQUIRED =
  'set wabaId (the WhatsApp Business Account to create the flow in, e.g. wabaId: "102290129340398") or flowId (an ' +
  "existing flow to adopt), or both.";

/** True when `value` is, or holds anywhere inside it, a value not known until `up`. */
export function holdsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsUnknown);
  return false;
}

/** Checked Flow inputs other than the Flow JSON and the account: each normalized, or unknown (passed through). */
export type CheckedFlowInputs = { -readonly [P in RuledFlowInput]?: unknown };

/**
 * Validates every Flow input but the Flow JSON and the account (left to the caller, which
 * knows the endpoint and the settings). Unknown values pass; `undefined`/`null` mean not set.
 * Every problem is reported, not just the first.
 */
export function validateFlowInputs(raw: Readonly<Record<string, unknown>>): {
  inputs: CheckedFlowInputs;
  failures: ValidationFailure[];
} {
  const inputs: CheckedFlowInputs = {};
  const failures: ValidationFailure[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "__provider" || key === "flowJson" || value === undefined || value === null) continue;
    if (!(FLOW_INPUT_PROPERTIES as readonly string[]).includes(key)) {
      failures.push({ property: key, reason: unknownFlowPropertyReason(key) });
      continue;
    }
    if ((ACCOUNT_PROPERTIES as readonly string[]).includes(key)) continue;
    const rule = FLOW_INPUT_RULES[key as RuledFlowInput];
    if (typeof value === "string" && value === UNKNOWN) {
      inputs[key as RuledFlowInput] = value;
      continue;
    }
    const result: Checked<unknown> = rule(value);
    if (result.ok) inputs[key as RuledFlowInput] = result.value;
    else failures.push({ property: key, reason: result.reason });
  }
  const absent = (field: string) => own(raw, field) === undefined || own(raw, field) === null;
  if (absent("wabaId") && absent("flowId")) failures.push({ property: "wabaId", reason: WABA_OR_FLOW_REQUIRED });
  if (absent("name"))
    failures.push({
      property: "name",
      reason: 'name is required: the flow\'s name, unique in its WhatsApp Business Account, e.g. name: "Sign up".',
    });
  if (absent("categories"))
    failures.push({
      property: "categories",
      reason: 'categories is required: at least one of the nine flow categories, e.g. categories: ["SIGN_UP"].',
    });
  if (absent("flowJson"))
    failures.push({
      property: "flowJson",
      reason:
        'flowJson is required: the Flow JSON as an object, a JSON string, or kaleyra.flowJsonFile("flows/sign-up.json"). ' +
        "To manage only a flow's metadata, use FlowMetadata.",
    });
  return { inputs, failures };
}
