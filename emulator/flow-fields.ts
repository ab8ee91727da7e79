/**
 * The `fields` query parameter of Kaleyra's flow reads (Get Flow Details, Get Flows by
 * WABA ID), and the flow object it selects. Both endpoints pass Meta's flow object
 * through, so one rule serves both.
 */
import { styleErrors } from "./flow-json";
import { previewOf } from "./preview";
import { StoredAccount, StoredFlow, validationStyleOf } from "./store";

/** The fields returned when `fields` is not given (Meta's defaults for a flow). */
export const DEFAULT_FIELDS: ReadonlySet<string> = new Set(["name", "categories", "status", "validation_errors"]);

/** The fields a request asks for. */
export interface FieldSelection {
  /** Field names; `preview.invalidate(...)` counts as `preview`. Unknown names are kept but match nothing. */
  readonly names: ReadonlySet<string>;
  /** `preview.invalidate(true)`: a new preview link is wanted. */
  readonly invalidatePreview: boolean;
}

const DEFAULT_SELECTION: FieldSelection = { names: DEFAULT_FIELDS, invalidatePreview: false };
const PREVIEW = /^preview\.invalidate\((true|false)\)$/;

/**
 * The `fields` parameter of a raw query string. The commas may also arrive encoded once
 * more (`%252C` on the wire, `%2C` once decoded), as Kaleyra's own samples send them.
 */
export function requestedFields(query: string): FieldSelection {
  if (query === "") return DEFAULT_SELECTION;
  const fields = new URLSearchParams(query).get("fields");
  if (fields === null || fields.trim() === "") return DEFAULT_SELECTION;
  let invalidatePreview = false;
  const names = new Set<string>();
  for (const raw of fields.split(/,|%2C/i)) {
    const name = raw.trim();
    const preview = PREVIEW.exec(name);
    if (preview) invalidatePreview ||= preview[1] === "true";
    names.add(preview ? "preview" : name);
  }
  return { names, invalidatePreview };
}

/** What a flow object needs beyond the flow: its account (for settings) and the time (for preview links). */
export interface FlowObjectContext {
  readonly account: StoredAccount;
  readonly now: number;
}

/** A flow as Meta shows it: `id` always, then the requested fields it has. */
export function flowObject(
  flow: StoredFlow,
  selection: FieldSelection,
  context: FlowObjectContext,
): Record<string, unknown> {
  const requested = selection.names;
  const data: Record<string, unknown> = { id: flow.id };
  if (requested.has("name") && flow.name !== undefined) data.name = flow.name;
  if (requested.has("categories") && flow.categories !== undefined) data.categories = [...flow.categories];
  if (requested.has("endpoint_uri") && flow.endpoint_uri !== undefined) data.endpoint_uri = flow.endpoint_uri;
  if (requested.has("status")) data.status = flow.status;
  // Kaleyra's page spells it `validation_error`; Meta's `validation_errors`. Each is answered
  // under the name asked for, with the same list (empty while the flow has no Flow JSON).
  for (const name of ["validation_errors", "validation_error"]) {
    if (!requested.has(name)) continue;
    data[name] = styleErrors(flow.report?.errors ?? [], validationStyleOf(context.account, flow));
  }
  if (requested.has("json_version") && flow.report?.jsonVersion !== undefined)
    data.json_version = flow.report.jsonVersion;
  if (requested.has("data_api_version") && flow.report?.dataApiVersion !== undefined)
    data.data_api_version = flow.report.dataApiVersion;
  // Without a Flow JSON there is nothing to preview, so no link (like endpoint_uri when unset).
  if (requested.has("preview") && flow.flowJson !== undefined)
    data.preview = previewOf(flow, context.now, selection.invalidatePreview);
  return data;
}
