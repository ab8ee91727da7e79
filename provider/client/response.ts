import { UnexpectedResponseError } from "../errors";

/** A flow's details as Kaleyra (or Meta, behind it) returns them, in this package's names. */
export interface FlowDetails {
  /** The flow id, as a string of digits. */
  readonly id: string;
  readonly name?: string;
  readonly categories?: string[];
  readonly endpointUri?: string;
  /** DRAFT, PUBLISHED, DEPRECATED, BLOCKED or THROTTLED. */
  readonly status?: string;
}

/** Parses a body as JSON without throwing. Empty bodies are not JSON. */
export function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string" || text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads flow details from either shape the API may use: Kaleyra's envelope
 * `{code, message, data: {...}, error}` or Meta's bare flow object `{id, name, ...}`. The
 * exact envelope of this endpoint is not documented, so both are accepted.
 */
export function parseFlowDetails(body: unknown, flowId: string): FlowDetails {
  const record = isRecord(body) && isRecord(body.data) && !("id" in body) ? body.data : body;
  if (!isRecord(record)) {
    throw new UnexpectedResponseError({ flowId, status: 200, contentType: "application/json", bodySnippet: JSON.stringify(body).slice(0, 120) });
  }
  const categories = Array.isArray(record.categories) ? record.categories.filter((c): c is string => typeof c === "string") : undefined;
  return {
    id: record.id !== undefined ? String(record.id) : flowId,
    name: typeof record.name === "string" ? record.name : undefined,
    categories,
    endpointUri: typeof record.endpoint_uri === "string" && record.endpoint_uri !== "" ? record.endpoint_uri : undefined,
    status: typeof record.status === "string" ? record.status : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
