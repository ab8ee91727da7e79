import { isRecord } from "../../rules/checked";
import { FLOW_STATUSES, isFlowStatus, type FlowStatus } from "../../rules/flow-status";
import { isEnvelope, SUCCESS_CODE, UnrecognisedResponse } from "./body";
import { type FlowValidationError, parseValidationErrors } from "./validation-errors";

/** A flow's details as Kaleyra (or Meta, behind it) returns them, in this package's names. */
export interface FlowDetails {
  /** The flow id, as a string of digits. */
  readonly id: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string;
  /** DRAFT, PUBLISHED, DEPRECATED, BLOCKED or THROTTLED. */
  readonly status: FlowStatus;
  /** Meta's validation errors of the flow's JSON, when asked for and answered. */
  readonly validationErrors?: readonly FlowValidationError[];
  /** The version of the flow's JSON (`json_version`), when asked for and answered. */
  readonly jsonVersion?: string;
}

/**
 * The field names a flow's validation errors may come under. Meta's is `validation_errors`;
 * Kaleyra's Get Flow Details page lists the default fields as "categories, id, name, status,
 * and validation_error". Which one Kaleyra answers is not documented: both are read (an
 * inference, docs/kaleyra-inferences.md), and `validation_errors` is the one asked for.
 */
export const VALIDATION_ERROR_FIELDS = ["validation_errors", "validation_error"] as const;

/**
 * Reads one flow's details from the shapes Kaleyra may use: its envelope
 * `{code: "WA200", message, data: {...flow}, error}`, or Meta's bare flow object
 * `{id, name, ...}`. The response must carry the flow's own `id` (Meta always returns it, and
 * it is asked for), a known status, and fields of the documented types; anything else is
 * unrecognised, and nothing of it reaches state.
 *
 * @param expectedId the flow asked for; the response must be about it.
 */
export function parseFlowDetails(body: unknown, expectedId: string): FlowDetails {
  let flow: unknown = body;
  if (isEnvelope(body)) {
    if (body.code !== SUCCESS_CODE) throw new UnrecognisedResponse(`the envelope's code is not ${SUCCESS_CODE}`);
    flow = body.data;
  }
  const details = parseFlowObject(flow);
  if (details.id !== expectedId)
    throw new UnrecognisedResponse(`the response is about flow ${details.id}, not ${expectedId}`);
  return details;
}

/**
 * One flow object, as in a details response or an item of a list: `id` (a string of digits, or
 * a safe integer), `status` required; `name`, `categories`, `endpoint_uri` checked when present.
 */
export function parseFlowObject(flow: unknown): FlowDetails {
  if (!isRecord(flow)) throw new UnrecognisedResponse("the response holds no flow object");
  const id = typeof flow.id === "number" && Number.isSafeInteger(flow.id) ? String(flow.id) : flow.id;
  if (id === undefined) throw new UnrecognisedResponse("the flow object carries no id");
  if (typeof id !== "string" || !/^[0-9]+$/.test(id)) {
    throw new UnrecognisedResponse("the flow object's id is not a string of digits");
  }
  const { status, name, categories, endpoint_uri: endpointUri } = flow;
  if (!isFlowStatus(status)) {
    const what = status === undefined ? "no status" : `a status that is none of ${FLOW_STATUSES.join(", ")}`;
    throw new UnrecognisedResponse(`flow ${id} has ${what}`);
  }
  if (name !== undefined && typeof name !== "string")
    throw new UnrecognisedResponse(`flow ${id}'s name is not a string`);
  if (categories !== undefined && !isStringList(categories)) {
    throw new UnrecognisedResponse(`flow ${id}'s categories are not a list of strings`);
  }
  if (endpointUri !== undefined && endpointUri !== null && typeof endpointUri !== "string") {
    throw new UnrecognisedResponse(`flow ${id}'s endpoint_uri is not a string`);
  }
  const errorsField = VALIDATION_ERROR_FIELDS.find((field) => flow[field] !== undefined && flow[field] !== null);
  const validationErrors = errorsField === undefined ? undefined : parseValidationErrors(flow[errorsField]);
  const jsonVersion = flow.json_version;
  if (jsonVersion !== undefined && jsonVersion !== null && typeof jsonVersion !== "string") {
    throw new UnrecognisedResponse(`flow ${id}'s json_version is not a string`);
  }
  return {
    id,
    status,
    ...(validationErrors !== undefined ? { validationErrors } : {}),
    ...(typeof jsonVersion === "string" && jsonVersion !== "" ? { jsonVersion } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(categories !== undefined ? { categories: [...categories] } : {}),
    // Meta sends "" (or leaves the field out) for a flow without an endpoint.
    ...(typeof endpointUri === "string" && endpointUri !== "" ? { endpointUri } : {}),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
