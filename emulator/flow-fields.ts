/**
 * The `fields` query parameter of Kaleyra's flow reads (Get Flow Details, Get Flows by
 * WABA ID), and the flow object it selects. Both endpoints pass Meta's flow object
 * through, so one rule serves both.
 */
import type { StoredFlow } from "./store";

/** The fields returned when `fields` is not given (Meta's defaults for a flow). */
export const DEFAULT_FIELDS: ReadonlySet<string> = new Set(["name", "categories", "status", "validation_errors"]);

/** The `fields` parameter of a raw query string as a set; unknown names are kept but match nothing. */
export function requestedFields(query: string): ReadonlySet<string> {
  if (query === "") return DEFAULT_FIELDS;
  const fields = new URLSearchParams(query).get("fields");
  if (fields === null || fields.trim() === "") return DEFAULT_FIELDS;
  return new Set(fields.split(",").map((f) => f.trim()));
}

/** A flow as Meta shows it: `id` always, then the requested fields it has. */
export function flowObject(flow: StoredFlow, requested: ReadonlySet<string>): Record<string, unknown> {
  const data: Record<string, unknown> = { id: flow.id };
  if (requested.has("name") && flow.name !== undefined) data.name = flow.name;
  if (requested.has("categories") && flow.categories !== undefined) data.categories = [...flow.categories];
  if (requested.has("endpoint_uri") && flow.endpoint_uri !== undefined) data.endpoint_uri = flow.endpoint_uri;
  if (requested.has("status")) data.status = flow.status;
  // The emulator holds no flow JSON, so there is nothing for Meta's validator to complain about.
  if (requested.has("validation_errors")) data.validation_errors = [];
  return data;
}
