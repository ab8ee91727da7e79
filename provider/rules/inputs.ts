import { closest } from "../categories";
import { quote, show } from "../text/quote";
import { checkApiDomain, checkRegion, checkSid } from "./account";
import { checkCategories } from "./categories";
import { bad, Checked, ok, own, ValidationFailure } from "./checked";
import { checkEndpointUri } from "./endpoint-uri";
import { checkFlowId } from "./flow-id";
import { checkName } from "./name";
import { isUnknown } from "./unknown";

/** Every input FlowMetadata accepts, in the order documented. */
export const INPUT_PROPERTIES = ["flowId", "name", "categories", "endpointUri", "sid", "region", "apiDomain", "allowPublishedUpdate"] as const;

/** One FlowMetadata input. */
export type InputProperty = (typeof INPUT_PROPERTIES)[number];

/** The managed metadata fields: set ones are compared and sent; left-out ones are left alone. */
export const MANAGED_FIELDS = ["name", "categories", "endpointUri"] as const;

/** One of {@link MANAGED_FIELDS}. */
export type ManagedField = (typeof MANAGED_FIELDS)[number];

/** The inputs that select the account; the provider also looks them up in config and environment. */
export const ACCOUNT_PROPERTIES = ["sid", "region", "apiDomain"] as const;

/** What allowPublishedUpdate means, for messages. */
export const ALLOW_PUBLISHED_MEANING =
  "allowPublishedUpdate: true lets `pulumi up` change a PUBLISHED flow's metadata, which may put the flow back to DRAFT.";

/**
 * The one rule table: how each input is checked and normalized. The provider's `check` and
 * the flows file both use it, so a value is judged, and its problem worded, the same in
 * `pulumi preview`, in `pulumi-kaleyra-flows validate` and in an editor. A Map, so a key such
 * as `__proto__` or `constructor` is looked up as the text it is.
 */
export const INPUT_RULES: ReadonlyMap<InputProperty, (value: unknown) => Checked<unknown>> = new Map<InputProperty, (value: unknown) => Checked<unknown>>([
  ["flowId", checkFlowId],
  ["name", checkName],
  ["categories", checkCategories],
  ["endpointUri", checkEndpointUri],
  ["sid", (value) => checkSid(value, "sid")],
  ["region", (value) => checkRegion(value, "region")],
  ["apiDomain", (value) => checkApiDomain(value, "apiDomain")],
  ["allowPublishedUpdate", checkAllowPublishedUpdate],
]);

/** The opt-in as an input: a boolean (config and environment also accept the text "true"/"false"). */
function checkAllowPublishedUpdate(value: unknown): Checked<boolean> {
  return typeof value === "boolean" ? ok(value) : bad(`allowPublishedUpdate must be true or false, got ${show(value)}. ${ALLOW_PUBLISHED_MEANING}`);
}

/** True when `key` is one of {@link INPUT_PROPERTIES}. */
export function isInputProperty(key: string): key is InputProperty {
  return INPUT_RULES.has(key as InputProperty);
}

/** A message for an input FlowMetadata does not have, suggesting the nearest that it does. */
export function unknownPropertyReason(key: string): string {
  const suggestion = closest(key, INPUT_PROPERTIES);
  const shown = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
  return `${shown} is not a FlowMetadata input${suggestion ? ` (did you mean ${suggestion}?)` : ""}. Inputs are ${INPUT_PROPERTIES.join(", ")}.`;
}

/** The reason given when none of name, categories and endpointUri is set. */
export const NOTHING_TO_MANAGE =
  "nothing to manage: set at least one of name, categories or endpointUri. A field left out is not managed and is never sent.";

/** The reason given when flowId is missing. */
export const FLOW_ID_REQUIRED = `flowId is required: the numeric id of an existing flow, e.g. flowId: "1234567890123456".`;

/**
 * Validates and normalizes a FlowMetadata's inputs with {@link INPUT_RULES}. Values not known
 * yet (at preview) pass through untouched; `undefined` and `null` mean "not set". Account
 * properties are checked only when `checkAccount` is set (the provider checks them with
 * their config and environment fallbacks instead). Every problem is reported, not just the
 * first.
 */
export function validateInputs(
  raw: Readonly<Record<string, unknown>>,
  options: { readonly checkAccount?: boolean } = {},
): { inputs: Partial<Record<InputProperty, unknown>>; failures: ValidationFailure[] } {
  const inputs: Partial<Record<InputProperty, unknown>> = {};
  const failures: ValidationFailure[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "__provider" || value === undefined || value === null) continue;
    if (!isInputProperty(key)) {
      failures.push({ property: key, reason: unknownPropertyReason(key) });
      continue;
    }
    if (!options.checkAccount && (ACCOUNT_PROPERTIES as readonly string[]).includes(key)) continue;
    // An unknown list is checked item by item (categories); an unknown scalar passes.
    if (isUnknown(value) && !Array.isArray(value)) {
      inputs[key] = value;
      continue;
    }
    const result = INPUT_RULES.get(key)!(value);
    if (result.ok) inputs[key] = result.value;
    else failures.push({ property: key, reason: result.reason });
  }
  if (own(raw, "flowId") === undefined || own(raw, "flowId") === null) failures.push({ property: "flowId", reason: FLOW_ID_REQUIRED });
  if (MANAGED_FIELDS.every((field) => own(raw, field) === undefined || own(raw, field) === null)) {
    failures.push({ property: "name", reason: NOTHING_TO_MANAGE });
  }
  return { inputs, failures };
}
