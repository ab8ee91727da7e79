import { FLOW_STATUSES, FlowStatus } from "../../flow-status";
import { isEnvelope, isRecord, SUCCESS_CODE, UnrecognisedAnswer } from "./json";

/** A flow's details as Kaleyra (or Meta, behind it) returns them, in this package's names. */
export interface FlowDetails {
  /** The flow id, as a string of digits. */
  readonly id: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string;
  /** DRAFT, PUBLISHED, DEPRECATED, BLOCKED or THROTTLED. */
  readonly status: FlowStatus;
}

/**
 * Reads one flow's details from the shapes Kaleyra may use: its envelope
 * `{code: "WA200", message, data: {...flow}, error}`, or Meta's bare flow object
 * `{id, name, ...}`. The answer must carry the flow's own `id` (Meta always returns it, and
 * it is asked for), a known status, and fields of the documented types; anything else is
 * unrecognised, and nothing of it reaches state.
 *
 * @param expectedId the flow asked for; the answer must be about it.
 */
export function parseFlowDetails(body: unknown, expectedId: string): FlowDetails {
  let flow: unknown = body;
  if (isEnvelope(body)) {
    if (body.code !== SUCCESS_CODE) throw new UnrecognisedAnswer(`the envelope's code is not ${SUCCESS_CODE}`);
    flow = body.data;
  }
  const details = parseFlowObject(flow);
  if (details.id !== expectedId) throw new UnrecognisedAnswer(`the answer is about flow ${details.id}, not ${expectedId}`);
  return details;
}

/**
 * One flow object, as in a details answer or an item of a list: `id` (a string of digits, or
 * a safe integer), `status` required; `name`, `categories`, `endpoint_uri` checked when present.
 */
export function parseFlowObject(flow: unknown): FlowDetails {
  if (!isRecord(flow)) throw new UnrecognisedAnswer("the answer holds no flow object");
  const id = typeof flow.id === "number" && Number.isSafeInteger(flow.id) ? String(flow.id) : flow.id;
  if (id === undefined) throw new UnrecognisedAnswer("the flow object carries no id");
  if (typeof id !== "string" || !/^[0-9]+$/.test(id)) throw new UnrecognisedAnswer("the flow object's id is not a string of digits");
  if (typeof flow.status !== "string" || !(FLOW_STATUSES as readonly string[]).includes(flow.status)) {
    throw new UnrecognisedAnswer(`flow ${id} has ${flow.status === undefined ? "no status" : "a status that is none of " + FLOW_STATUSES.join(", ")}`);
  }
  if (flow.name !== undefined && typeof flow.name !== "string") throw new UnrecognisedAnswer(`flow ${id}'s name is not a string`);
  if (flow.categories !== undefined && (!Array.isArray(flow.categories) || !flow.categories.every((c) => typeof c === "string"))) {
    throw new UnrecognisedAnswer(`flow ${id}'s categories are not a list of strings`);
  }
  if (flow.endpoint_uri !== undefined && flow.endpoint_uri !== null && typeof flow.endpoint_uri !== "string") {
    throw new UnrecognisedAnswer(`flow ${id}'s endpoint_uri is not a string`);
  }
  const details: { -readonly [K in keyof FlowDetails]: FlowDetails[K] } = { id, status: flow.status as FlowStatus };
  if (flow.name !== undefined) details.name = flow.name as string;
  if (flow.categories !== undefined) details.categories = [...(flow.categories as string[])];
  // Meta answers "" (or leaves the field out) for a flow without an endpoint.
  if (typeof flow.endpoint_uri === "string" && flow.endpoint_uri !== "") details.endpointUri = flow.endpoint_uri;
  return details;
}
