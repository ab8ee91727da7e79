import { closest, FLOW_CATEGORIES, isFlowCategory, uniqueCategories } from "./categories";

/**
 * The value the Pulumi engine sends, during preview, for an input that is not known yet
 * (another resource's output, say). It must pass check untouched and never be sent.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or holds, a value not known until `up`. */
export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  return Array.isArray(value) && value.some(isUnknown);
}

/** The Kaleyra pods the seed page lists, by the region names this package accepts. */
export const REGION_DOMAINS = {
  IN: "api.in.kaleyra.io",
  SG: "api.ap.kaleyra.io",
  EU: "api.eu.kaleyra.io",
} as const;

/** `IN`, `SG` or `EU`. */
export type Region = keyof typeof REGION_DOMAINS;

/** The outcome of checking one value: its normalized form, or why it is wrong. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (reason: string): Checked<never> => ({ ok: false, reason });

/** Shows a user's value in a message: strings quoted, long ones cut. */
export function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A flow id: a string of digits. Flow ids have 15 to 17 digits, beyond what a JS number
 * holds exactly, so a number is accepted only when it is a safe integer.
 */
export function checkFlowId(value: unknown): Checked<string> {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value > 0) return ok(String(value));
    return bad(
      `flowId ${show(value)} is not a safe integer: JavaScript has already rounded it, so it is not the id you wrote. Write the id as a string, e.g. flowId: "1234567890123456".`,
    );
  }
  if (typeof value !== "string") return bad(`flowId must be a string of digits, got ${show(value)}. Write it as a string, e.g. flowId: "1234567890123456".`);
  if (!/^[0-9]+$/.test(value)) {
    return bad(`flowId ${show(value)} is not a string of digits. Use the numeric id Kaleyra returned when the flow was created (WhatsApp Manager > Flows), e.g. "1234567890123456".`);
  }
  return ok(value);
}

/** A flow name: a non-empty string; surrounding white space is dropped. */
export function checkName(value: unknown): Checked<string> {
  if (typeof value !== "string") return bad(`name must be a string, got ${show(value)}.`);
  const name = value.trim();
  if (name === "") return bad(`name is empty. Give the flow a name, or leave name out to stop managing it.`);
  return ok(name);
}

/** Categories: a non-empty list of the nine documented values; order and repeats do not matter. */
export function checkCategories(value: unknown): Checked<string[]> {
  if (!Array.isArray(value)) return bad(`categories must be a list of categories, got ${show(value)}. For example: categories: ["SIGN_UP"].`);
  if (value.length === 0) {
    return bad(`categories is empty: Kaleyra needs at least one. Choose from ${FLOW_CATEGORIES.join(", ")}, or leave categories out to stop managing them.`);
  }
  const problems: string[] = [];
  for (const category of value) {
    if (isFlowCategory(category)) continue;
    const suggestion = typeof category === "string" ? closest(category, FLOW_CATEGORIES) : undefined;
    problems.push(`${show(category)} is not a Kaleyra flow category${suggestion ? ` (did you mean ${suggestion}?)` : ""}`);
  }
  if (problems.length > 0) return bad(`categories: ${problems.join("; ")}. The categories are ${FLOW_CATEGORIES.join(", ")}.`);
  return ok(uniqueCategories(value as string[]));
}

/** An endpoint URI: an absolute https URL (Meta refuses anything else). */
export function checkEndpointUri(value: unknown): Checked<string> {
  if (typeof value !== "string") return bad(`endpointUri must be a string, got ${show(value)}.`);
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`endpointUri ${show(value)} is not an absolute URL. Give the full https URL of your flow endpoint, e.g. "https://flows.example.com/endpoint".`);
  }
  if (url.protocol !== "https:") {
    return bad(`endpointUri ${show(value)} uses ${url.protocol.replace(":", "")}; WhatsApp only calls https endpoints. Use an https:// URL.`);
  }
  if (url.username || url.password) return bad(`endpointUri ${show(value)} holds credentials; remove the user:password@ part.`);
  return ok(text);
}

/** An account SID: letters and digits, as Kaleyra issues them (e.g. HXAP16XXXXXX97IN). */
export function checkSid(value: unknown, source = "sid"): Checked<string> {
  if (typeof value !== "string" || !/^[A-Za-z0-9]+$/.test(value.trim())) {
    return bad(`${source} ${show(value)} is not a Kaleyra SID (letters and digits, e.g. HXAP16XXXXXX97IN). Find it in the Kaleyra console under Developers > API Keys.`);
  }
  return ok(value.trim());
}

/** A region: IN, SG or EU, any case. */
export function checkRegion(value: unknown, source = "region"): Checked<Region> {
  const region = typeof value === "string" ? value.trim().toUpperCase() : undefined;
  if (region && region in REGION_DOMAINS) return ok(region as Region);
  return bad(`${source} ${show(value)} is not a Kaleyra pod. Use one of IN (api.in.kaleyra.io), SG (api.ap.kaleyra.io), EU (api.eu.kaleyra.io), or set apiDomain.`);
}

/**
 * An API domain: a bare host (https is implied) or a full origin such as
 * `http://127.0.0.1:4010`, used as is. Returns the origin, with no trailing slash.
 */
export function checkApiDomain(value: unknown, source = "apiDomain"): Checked<string> {
  if (typeof value !== "string" || value.trim() === "") return bad(`${source} must be a host such as api.in.kaleyra.io or an origin such as http://127.0.0.1:4010, got ${show(value)}.`);
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text.includes("://") ? text : `https://${text}`);
  } catch {
    return bad(`${source} ${show(value)} is not a host or origin. Use e.g. api.in.kaleyra.io or http://127.0.0.1:4010.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return bad(`${source} ${show(value)} must be http or https.`);
  if (url.username || url.password) return bad(`${source} must not hold credentials; the API key goes in kaleyra:apiKey.`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return bad(`${source} ${show(value)} must be a host or origin only, without a path: the package adds /v2/<sid>/whatsapp/<flow_id> itself.`);
  }
  return ok(url.origin);
}

/** Every input FlowMetadata accepts, for spotting typos. */
export const INPUT_PROPERTIES = ["flowId", "name", "categories", "endpointUri", "sid", "region", "apiDomain"] as const;

/** The managed metadata fields: set ones are sent and compared; left-out ones are left alone. */
export const MANAGED_FIELDS = ["name", "categories", "endpointUri"] as const;

/** A property that failed validation, as `check` reports it to the engine. */
export interface ValidationFailure {
  /** The input property at fault, e.g. `categories`. */
  readonly property: string;
  /** What is wrong with it and how to fix it. Never holds a secret. */
  readonly reason: string;
}

/** A message for an input FlowMetadata does not have, suggesting the nearest that it does. */
export function unknownPropertyReason(key: string): string {
  const suggestion = closest(key, INPUT_PROPERTIES);
  return `${key} is not a FlowMetadata input${suggestion ? ` (did you mean ${suggestion}?)` : ""}. Inputs are ${INPUT_PROPERTIES.join(", ")}.`;
}

/** The reason given when none of name, categories and endpointUri is set. */
export const NOTHING_TO_MANAGE =
  "nothing to manage: set at least one of name, categories or endpointUri. A field left out is not managed and is never sent.";

const FIELD_CHECKS: Record<string, ((value: unknown) => Checked<unknown>) | "account"> = {
  flowId: checkFlowId,
  name: checkName,
  categories: checkCategories,
  endpointUri: checkEndpointUri,
  // Checked with their config and environment fallbacks by settings.ts's resolveAccount.
  sid: "account",
  region: "account",
  apiDomain: "account",
};

/**
 * Validates and normalizes a FlowMetadata's flow id and managed fields (the account
 * selection is settings.ts's job). Values not known yet pass through untouched;
 * `undefined`/`null` mean "not set". Every problem is reported, not just the first.
 */
export function validateInputs(raw: Record<string, unknown>): { inputs: Record<string, unknown>; failures: ValidationFailure[] } {
  const inputs: Record<string, unknown> = {};
  const failures: ValidationFailure[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "__provider" || value === undefined || value === null) continue;
    const check = FIELD_CHECKS[key];
    if (!check) {
      failures.push({ property: key, reason: unknownPropertyReason(key) });
      continue;
    }
    if (check === "account") continue;
    if (isUnknown(value)) {
      inputs[key] = value;
      continue;
    }
    const result = check(value);
    if (result.ok) inputs[key] = result.value;
    else failures.push({ property: key, reason: result.reason });
  }
  if (raw.flowId === undefined || raw.flowId === null) {
    failures.push({ property: "flowId", reason: `flowId is required: the numeric id of an existing flow, e.g. flowId: "1234567890123456".` });
  }
  if (MANAGED_FIELDS.every((field) => raw[field] === undefined || raw[field] === null)) {
    failures.push({ property: "name", reason: NOTHING_TO_MANAGE });
  }
  return { inputs, failures };
}
