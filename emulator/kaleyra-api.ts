/**
 * The emulated Kaleyra endpoints: `POST` (Update Flow Metadata) and `GET` (flow details)
 * on `/v2/<sid>/whatsapp/<flow_id>`. Pure request → response logic over the store; the
 * HTTP plumbing, faults and logging live in server.ts.
 */
import { checkUpdatePayload } from "./payload";
import {
  API_NOT_AVAILABLE,
  FLOW_NOT_FOUND,
  flowDetailsBody,
  frozenFlowBody,
  INCORRECT_PAYLOAD,
  INCORRECT_SID_OR_KEY,
  jsonResponse,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  PreparedResponse,
  SUCCESS,
} from "./responses";
import type { FlowStore, StoredFlow } from "./store";
import { FROZEN_STATUSES } from "./vocabulary";

/** Where a `/v2` path points. */
export interface V2Route {
  /** The `<sid>` segment, when there is one. */
  readonly sid?: string;
  /** The `<flow_id>` segment, when the path is `/v2/<sid>/whatsapp/<flow_id>`. */
  readonly flowId?: string;
}

/** Splits a `/v2` path (no query string). Segments are URL-decoded. */
export function parseV2Path(path: string): V2Route {
  const parts = path.split("/");
  // ["", "v2", sid, "whatsapp", flowId]
  const sid = parts[2] ? decode(parts[2]) : undefined;
  if (parts.length === 5 && parts[3] === "whatsapp" && sid !== undefined && parts[4] !== "") {
    return { sid, flowId: decode(parts[4]) };
  }
  return { sid };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is just an id that matches nothing
  }
}

/** One `/v2` request, reduced to what the API logic needs. */
export interface V2Request {
  readonly method: string;
  readonly route: V2Route;
  /** The `api-key` header, if any. */
  readonly apiKey: string | undefined;
  /** The raw query string, without `?` (`""` when none). */
  readonly query: string;
  /** The raw body as text. */
  readonly body: string;
}

/**
 * Answers one `/v2` request. Checks run in the order Kaleyra's responses imply: the
 * route, then SID and key (RBC001), then whether the account has the Flow API, then the
 * flow id, then (POST) the payload and the flow's status.
 */
export function handleV2(store: FlowStore, request: V2Request): PreparedResponse {
  const { route } = request;
  if (route.flowId === undefined || route.sid === undefined) return NOT_FOUND;
  if (request.method !== "POST" && request.method !== "GET") return METHOD_NOT_ALLOWED;

  const account = store.account(route.sid);
  if (!account || request.apiKey !== account.apiKey) return INCORRECT_SID_OR_KEY;
  if (!account.flowApi) return API_NOT_AVAILABLE;
  // Ids of other accounts' flows, and non-digit ids, are simply not in this map: Kaleyra
  // answers both with the same flow_id WA-401, never revealing that the flow exists.
  const flow = account.flows.get(route.flowId);
  if (!flow) return FLOW_NOT_FOUND;

  return request.method === "GET" ? flowDetails(flow, request.query) : updateFlow(flow, request.body);
}

function updateFlow(flow: StoredFlow, raw: string): PreparedResponse {
  const payload = checkUpdatePayload(raw);
  if (!payload.ok) return INCORRECT_PAYLOAD;
  // Kaleyra does not document this case. Meta refuses metadata updates on deprecated
  // and blocked flows, so the emulator refuses them with Kaleyra's WA-400 envelope.
  if (FROZEN_STATUSES.has(flow.status)) return jsonResponse(400, frozenFlowBody(flow.id, flow.status));

  const { name, endpoint_uri, categories } = payload.update;
  if (name !== undefined) flow.name = name;
  if (endpoint_uri !== undefined) flow.endpoint_uri = endpoint_uri;
  if (categories !== undefined) flow.categories = [...categories]; // as sent: order and duplicates kept
  return SUCCESS;
}

/** The fields `GET` returns when `fields` is not given (Meta's defaults for a flow). */
const DEFAULT_FIELDS: ReadonlySet<string> = new Set(["name", "categories", "status", "validation_errors"]);

function flowDetails(flow: StoredFlow, query: string): PreparedResponse {
  const requested = requestedFields(query);
  const data: Record<string, unknown> = { id: flow.id };
  if (requested.has("name") && flow.name !== undefined) data.name = flow.name;
  if (requested.has("categories") && flow.categories !== undefined) data.categories = [...flow.categories];
  if (requested.has("endpoint_uri") && flow.endpoint_uri !== undefined) data.endpoint_uri = flow.endpoint_uri;
  if (requested.has("status")) data.status = flow.status;
  // The emulator holds no flow JSON, so there is nothing for Meta's validator to complain about.
  if (requested.has("validation_errors")) data.validation_errors = [];
  return jsonResponse(200, flowDetailsBody(data));
}

/** The `fields` query parameter as a set; unknown names are kept but match nothing. */
function requestedFields(query: string): ReadonlySet<string> {
  if (query === "") return DEFAULT_FIELDS;
  const fields = new URLSearchParams(query).get("fields");
  if (fields === null || fields.trim() === "") return DEFAULT_FIELDS;
  return new Set(fields.split(",").map((f) => f.trim()));
}
