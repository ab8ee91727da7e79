/**
 * What Update Flow Metadata accepts as its body. Kaleyra answers every refusal with the
 * same WA-400 body ("Incorrect payload format") and no detail, so this returns only
 * whether the payload is acceptable; the reason is given back for the emulator's own use
 * (tests and diagnostics), never sent.
 */
import { isObject } from "./check";
import { isFlowCategory, isHttpsUrl } from "./vocabulary";

/** The fields of a valid update, as sent. */
export interface FlowUpdate {
  readonly name?: string;
  readonly endpoint_uri?: string;
  readonly categories?: readonly string[];
}

/** Either the update to apply, or why the payload is refused. */
export type PayloadCheck =
  { readonly ok: true; readonly update: FlowUpdate } | { readonly ok: false; readonly reason: string };

const ALLOWED = new Set(["name", "endpoint_uri", "categories"]);

/**
 * Parses and checks a raw request body. The content-type is ignored on purpose: the
 * seed's own curl sample sends JSON with `--data`, i.e. as form-urlencoded, and Kaleyra
 * accepts it.
 */
export function checkUpdatePayload(raw: string): PayloadCheck {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
  if (!isObject(body)) return { ok: false, reason: "the body is not a JSON object" };
  const keys = Object.keys(body);
  if (keys.length === 0) return { ok: false, reason: "nothing to update" };
  for (const key of keys) if (!ALLOWED.has(key)) return { ok: false, reason: `unknown field ${key}` };

  const { name, endpoint_uri, categories } = body;
  if (name !== undefined && (typeof name !== "string" || name.trim() === ""))
    return { ok: false, reason: "name must be a non-empty string" };
  if (endpoint_uri !== undefined && !isHttpsUrl(endpoint_uri))
    return { ok: false, reason: "endpoint_uri must be an absolute https URL" };
  if (categories !== undefined) {
    if (!Array.isArray(categories) || categories.length === 0)
      return { ok: false, reason: "categories must be a non-empty array" };
    if (!categories.every(isFlowCategory))
      return { ok: false, reason: "categories must be documented flow categories" };
  }
  return { ok: true, update: body as FlowUpdate };
}
