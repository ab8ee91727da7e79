import { closest } from "../text/closest";
import { quote, show } from "../text/quote";
import { checkApiDomain, checkRegion, checkSid, type Region } from "./account";
import { checkCategories } from "./categories";
import { bad, Checked, ok, own, ValidationFailure } from "./checked";
import { checkEndpointUri } from "./endpoint-uri";
import { checkFlowId } from "./flow-id";
import { checkName } from "./name";
import { isUnknown } from "./unknown";

/** Every input FlowMetadata accepts, in the order documented. */
export const INPUT_PROPERTIES = [
  "flowId",
  "name",
  "categories",
  "endpointUri",
  "sid",
  "region",
  "apiDomain",
  "allowPublishedUpdate",
] as const;

/** One FlowMetadata input. */
export type InputProperty = (typeof INPUT_PROPERTIES)[number];

/** Each input's value once checked and normalized. */
export interface InputValues {
  readonly flowId: string;
  readonly name: string;
  readonly categories: string[];
  readonly endpointUri: string;
  readonly sid: string;
  readonly region: Region;
  readonly apiDomain: string;
  readonly allowPublishedUpdate: boolean;
}

/** The managed metadata fields: set ones are compared and sent; left-out ones are left alone. */
export const MANAGED_FIELDS = ["name", "categories", "endpointUri"] as const;

/** One of {@link MANAGED_FIELDS}. */
export type ManagedField = (typeof MANAGED_FIELDS)[number];

/** The inputs that select the account; the provider also looks them up in config and environment. */
export const ACCOUNT_PROPERTIES = ["sid", "region", "apiDomain"] as const;

/** One of {@link ACCOUNT_PROPERTIES}. */
export type AccountProperty = (typeof ACCOUNT_PROPERTIES)[number];

/** What allowPublishedUpdate means, for messages. */
export const ALLOW_PUBLISHED_MEANING =
  "allowPublishedUpdate: true lets `pulumi up` change a PUBLISHED flow's metadata, which may put the flow back to " +
  "DRAFT.";

/**
 * The one rule table: how each input is checked and normalized. The provider's `check` and
 * the flows file both use it, so a value is judged, and its problem worded, the same in
 * `pulumi preview`, in `pulumi-kaleyra-flows validate` and in an editor. Look rules up with
 * {@link ruleFor}, which reads own properties only (a key such as `__proto__` is just text).
 */
export const INPUT_RULES: { readonly [P in InputProperty]: (value: unknown) => Checked<InputValues[P]> } = {
  flowId: checkFlowId,
  name: checkName,
  categories: checkCategories,
  endpointUri: checkEndpointUri,
  sid: (value) => checkSid(value, "sid"),
  region: (value) => checkRegion(value, "region"),
  apiDomain: (value) => checkApiDomain(value, "apiDomain"),
  allowPublishedUpdate: checkAllowPublishedUpdate,
};

/** The opt-in as an input: a boolean (config and environment also accept the text "true"/"false"). */
function checkAllowPublishedUpdate(value: unknown): Checked<boolean> {
  if (typeof value === "boolean") return ok(value);
  return bad(`allowPublishedUpdate must be true or false, got ${show(value)}. ${ALLOW_PUBLISHED_MEANING}`);
}

/** True when `key` is one of {@link INPUT_PROPERTIES}. */
export function isInputProperty(key: string): key is InputProperty {
  return Object.prototype.hasOwnProperty.call(INPUT_RULES, key);
}

/** The rule of one input. */
export function ruleFor<P extends InputProperty>(property: P): (value: unknown) => Checked<InputValues[P]> {
  return INPUT_RULES[property];
}

/** A message for an input FlowMetadata does not have, suggesting the nearest that it does. */
export function unknownPropertyReason(key: string): string {
  const suggestion = closest(key, INPUT_PROPERTIES);
  const shown = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
  return (
    `${shown} is not a FlowMetadata input${suggestion ? ` (did you mean ${suggestion}?)` : ""}. ` +
    `Inputs are ${INPUT_PROPERTIES.join(", ")}.`
  );
}

/** The reason given when none of name, categories and endpointUri is set. */
export const NOTHING_TO_MANAGE =
  "nothing to manage: set at least one of name, categories or endpointUri. " +
  "A field left out is not managed and is never sent.";

/** The reason given when flowId is missing. */
export const FLOW_ID_REQUIRED =
  'flowId is required: the numeric id of an existing flow, e.g. flowId: "1234567890123456".';

/** Inputs after {@link validateInputs}: each checked, or a value not known until `up` (passed through). */
export type CheckedInputs = { -readonly [P in InputProperty]?: InputValues[P] | string };

/**
 * Validates and normalizes a FlowMetadata's inputs with {@link INPUT_RULES}. Values not known
 * yet (at preview) pass through untouched; `undefined` and `null` mean "not set". Account
 * properties are left to the caller (the provider resolves them with their config and
 * environment fallbacks). Every problem is reported, not just the first.
 */
export function validateInputs(raw: Readonly<Record<string, unknown>>): {
  inputs: CheckedInputs;
  failures: ValidationFailure[];
} {
  const inputs: CheckedInputs = {};
  const failures: ValidationFailure[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "__provider" || value === undefined || value === null) continue;
    if (!isInputProperty(key)) {
      failures.push({ property: key, reason: unknownPropertyReason(key) });
      continue;
    }
    if ((ACCOUNT_PROPERTIES as readonly string[]).includes(key)) continue;
    // An unknown list is checked item by item (categories); an unknown scalar passes.
    if (isUnknown(value) && typeof value === "string") inputs[key] = value;
    else {
      const failure = checkInto(inputs, key, value);
      if (failure) failures.push(failure);
    }
  }
  const absent = (field: string) => own(raw, field) === undefined || own(raw, field) === null;
  if (absent("flowId")) failures.push({ property: "flowId", reason: FLOW_ID_REQUIRED });
  if (MANAGED_FIELDS.every(absent)) failures.push({ property: "name", reason: NOTHING_TO_MANAGE });
  return { inputs, failures };
}

/** Checks one input with its rule and stores the normalized value; returns the failure, if any. */
function checkInto<P extends InputProperty>(
  inputs: CheckedInputs,
  key: P,
  value: unknown,
): ValidationFailure | undefined {
  const result = INPUT_RULES[key](value);
  if (!result.ok) return { property: key, reason: result.reason };
  inputs[key] = result.value;
  return undefined;
}
