/**
 * The emulated Kaleyra endpoints: `POST` (Update Flow Metadata) and `GET` (flow details)
 * on `/v2/<sid>/whatsapp/<flow_id>`, and `GET /v2/<sid>/whatsapp/<waba_id>/flows` (Get
 * Flows by WABA ID). Pure request → response logic over the store; the HTTP plumbing,
 * faults and logging live in server.ts.
 */
import { flowObject, requestedFields } from "./flow-fields";
import { listFlows } from "./flow-list";
import { checkUpdatePayload } from "./payload";
import {
  API_NOT_AVAILABLE,
  FLOW_NOT_FOUND,
  flowDetailsBody,
  frozenFlowBody,
  INCORRECT_PAYLOAD,
  INCORRECT_SID_OR_KEY,
  jsonResponse,
  LIST_METHOD_NOT_ALLOWED,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  PreparedResponse,
  publishedFlowBody,
  SUCCESS,
} from "./responses";
import { FlowStore, publishedUpdateOf, StoredAccount, StoredFlow } from "./store";
import { FROZEN_STATUSES, PUBLISHED_STATUSES } from "./vocabulary";

/** Where a `/v2` path points. */
export interface V2Route {
  /** The `<sid>` segment, when there is one. */
  readonly sid?: string;
  /** The `<flow_id>` segment, when the path is `/v2/<sid>/whatsapp/<flow_id>`. */
  readonly flowId?: string;
  /** The `<waba_id>` segment, when the path is `/v2/<sid>/whatsapp/<waba_id>/flows`. */
  readonly wabaId?: string;
}

/** Splits a `/v2` path (no query string). Segments are URL-decoded. */
export function parseV2Path(path: string): V2Route {
  const parts = path.split("/");
  // ["", "v2", sid, "whatsapp", flowId] or ["", "v2", sid, "whatsapp", wabaId, "flows"]
  const sid = parts[2] ? decode(parts[2]) : undefined;
  if (sid !== undefined && parts[3] === "whatsapp" && parts[4]) {
    if (parts.length === 5) return { sid, flowId: decode(parts[4]) };
    if (parts.length === 6 && parts[5] === "flows") return { sid, wabaId: decode(parts[4]) };
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

/** Settings of the whole emulator that the API logic needs. */
export interface V2Options {
  /** Origin of the `paging.next` URLs of flow lists (another origin than the emulator's). */
  readonly pagingNextOrigin: string;
}

/**
 * Answers one `/v2` request. Checks run in the order Kaleyra's responses imply: the
 * route, then SID and key (RBC001), then whether the account has the Flow API, then the
 * flow id (or WABA id), then (POST) the payload and the flow's status.
 */
export function handleV2(store: FlowStore, request: V2Request, options: V2Options): PreparedResponse {
  const { route } = request;
  if (route.sid === undefined || (route.flowId === undefined && route.wabaId === undefined)) return NOT_FOUND;
  if (route.wabaId !== undefined ? request.method !== "GET" : request.method !== "POST" && request.method !== "GET") {
    return route.wabaId !== undefined ? LIST_METHOD_NOT_ALLOWED : METHOD_NOT_ALLOWED;
  }

  const account = store.account(route.sid);
  if (!account || request.apiKey !== account.apiKey) return INCORRECT_SID_OR_KEY;
  if (!account.flowApi) return API_NOT_AVAILABLE;
  if (route.wabaId !== undefined) return listFlows(account, route.wabaId, request.query, options.pagingNextOrigin);

  // Ids of other accounts' flows, and non-digit ids, are simply not in this map: Kaleyra
  // answers both with the same flow_id WA-401, never revealing that the flow exists.
  const flow = account.flows.get(route.flowId as string);
  if (!flow) return FLOW_NOT_FOUND;

  return request.method === "GET" ? flowDetails(account, flow, request.query) : updateFlow(account, flow, request.body);
}

function updateFlow(account: StoredAccount, flow: StoredFlow, raw: string): PreparedResponse {
  const payload = checkUpdatePayload(raw);
  if (!payload.ok) return INCORRECT_PAYLOAD;
  // Kaleyra does not document this case. Meta refuses metadata updates on deprecated
  // and blocked flows, so the emulator refuses them with Kaleyra's WA-400 envelope.
  if (FROZEN_STATUSES.has(flow.status)) return jsonResponse(400, frozenFlowBody(flow.id, flow.status));
  // Published flows: Meta's pages disagree, so the account (or the flow) says which reading
  // to play. Refusing changes nothing; reverting applies the change and makes it a draft.
  const published = PUBLISHED_STATUSES.has(flow.status);
  const mode = published ? publishedUpdateOf(account, flow) : undefined;
  if (mode === "refuse") return jsonResponse(400, publishedFlowBody(flow.id, flow.status));

  const { name, endpoint_uri, categories } = payload.update;
  if (name !== undefined) flow.name = name;
  if (endpoint_uri !== undefined) flow.endpoint_uri = endpoint_uri;
  if (categories !== undefined) flow.categories = [...categories]; // as sent: order and duplicates kept
  if (mode === "revert-to-draft") flow.status = "DRAFT";
  return SUCCESS;
}

function flowDetails(account: StoredAccount, flow: StoredFlow, query: string): PreparedResponse {
  const data = flowObject(flow, requestedFields(query));
  return jsonResponse(200, account.detailsShape === "bare" ? data : flowDetailsBody(data));
}
