/**
 * The emulated Kaleyra endpoints, all under `/v2/<sid>/whatsapp`: on `<flow_id>` GET (flow
 * details), POST (Update Flow Metadata) and DELETE; on `<flow_id>/assets` GET (Get Flow
 * Assets) and POST (Update Flow JSON); `<flow_id>/publish` and `<flow_id>/deprecate` (POST);
 * on `<waba_id>/flows` GET (Get Flows by WABA ID) and POST (Create Flow). Pure request →
 * response logic over the store; the HTTP plumbing, faults and logging live in server.ts.
 */
import type { AssetLinks } from "./downloads";
import { flowAssets, updateFlowJson } from "./flow-assets";
import { createFlow } from "./flow-create";
import { flowObject, requestedFields } from "./flow-fields";
import { deleteFlow, deprecateFlow, publishFlow } from "./flow-lifecycle";
import { listFlows } from "./flow-list";
import { checkUpdatePayload } from "./payload";
import {
  ACTION_METHOD_NOT_ALLOWED,
  API_NOT_AVAILABLE,
  ASSETS_METHOD_NOT_ALLOWED,
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
import { Endpoint, FROZEN_STATUSES, PUBLISHED_STATUSES } from "./vocabulary";

/** What follows `<flow_id>/` in a flow's sub-resource paths. */
export type FlowAction = "assets" | "publish" | "deprecate";

const FLOW_ACTIONS: ReadonlySet<string> = new Set<FlowAction>(["assets", "publish", "deprecate"]);

/** Where a `/v2` path points. */
export interface V2Route {
  /** The `<sid>` segment, when there is one. */
  readonly sid?: string;
  /** The `<flow_id>` segment, when the path is `/v2/<sid>/whatsapp/<flow_id>[/<action>]`. */
  readonly flowId?: string;
  /** The `<waba_id>` segment, when the path is `/v2/<sid>/whatsapp/<waba_id>/flows`. */
  readonly wabaId?: string;
  /** The sub-resource of a flow path, when there is one. */
  readonly action?: FlowAction;
}

/** Splits a `/v2` path (no query string). Segments are URL-decoded. */
export function parseV2Path(path: string): V2Route {
  const parts = path.split("/");
  // ["", "v2", sid, "whatsapp", id] or ["", "v2", sid, "whatsapp", id, "flows" | action]
  const sid = parts[2] ? decode(parts[2]) : undefined;
  if (sid !== undefined && parts[3] === "whatsapp" && parts[4]) {
    if (parts.length === 5) return { sid, flowId: decode(parts[4]) };
    if (parts.length === 6 && parts[5] === "flows") return { sid, wabaId: decode(parts[4]) };
    if (parts.length === 6 && FLOW_ACTIONS.has(parts[5]))
      return { sid, flowId: decode(parts[4]), action: parts[5] as FlowAction };
  }
  return { sid };
}

/**
 * The endpoint a route and method name (what fault rules' `route` selects), or undefined
 * for a path that names none or a method the path does not take.
 */
export function endpointOf(route: V2Route, method: string): Endpoint | undefined {
  if (route.sid === undefined) return undefined;
  if (route.wabaId !== undefined) return method === "GET" ? "list" : method === "POST" ? "create" : undefined;
  if (route.flowId === undefined) return undefined;
  if (route.action === "assets") return method === "GET" || method === "POST" ? "assets" : undefined;
  if (route.action !== undefined) return method === "POST" ? route.action : undefined;
  return method === "GET" ? "details" : method === "POST" ? "update" : method === "DELETE" ? "delete" : undefined;
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
  /** The raw body as text (`""` when it was too large to keep). */
  readonly body: string;
  /** The raw body as bytes (multipart forms are read from these). */
  readonly rawBody: Buffer;
  /** The body's size as received, kept or not. */
  readonly bodyBytes: number;
  /** True when the body was over the route's limit and was not kept. */
  readonly bodyTooLarge: boolean;
  /** The `content-type` header, if any. */
  readonly contentType?: string;
  /** The `host` header (or the emulator's own `host:port` without one): links in answers are built from it. */
  readonly host: string;
}

/** What the API logic needs from the running emulator besides the store. */
export interface V2Options {
  /** Origin of the `paging.next` URLs of flow lists (another origin than the emulator's). */
  readonly pagingNextOrigin: string;
  /** The time (ms since the epoch): preview links expire by it. */
  readonly now: () => number;
  /** The download links Get Flow Assets gives out. */
  readonly assetLinks: AssetLinks;
}

/**
 * Answers one `/v2` request. Checks run in the order Kaleyra's responses imply: the
 * route, then SID and key (RBC001), then whether the account has the Flow API, then the
 * flow id (or WABA id), then the endpoint's own checks.
 */
export function handleV2(store: FlowStore, request: V2Request, options: V2Options): PreparedResponse {
  const { route } = request;
  if (route.sid === undefined || (route.flowId === undefined && route.wabaId === undefined)) return NOT_FOUND;
  const endpoint = endpointOf(route, request.method);
  if (endpoint === undefined) {
    if (route.wabaId !== undefined) return LIST_METHOD_NOT_ALLOWED;
    if (route.action === "assets") return ASSETS_METHOD_NOT_ALLOWED;
    return route.action !== undefined ? ACTION_METHOD_NOT_ALLOWED : METHOD_NOT_ALLOWED;
  }

  const account = store.account(route.sid);
  if (!account || request.apiKey !== account.apiKey) return INCORRECT_SID_OR_KEY;
  if (!account.flowApi) return API_NOT_AVAILABLE;
  if (route.wabaId !== undefined) {
    return endpoint === "list"
      ? listFlows(account, route.wabaId, request.query, options.pagingNextOrigin, options.now())
      : createFlow(store, account, route.wabaId, request);
  }

  // Ids of other accounts' flows, and non-digit ids, are simply not in this map: Kaleyra
  // answers both with the same flow_id WA-401, never revealing that the flow exists.
  const flow = account.flows.get(route.flowId as string);
  if (!flow) return FLOW_NOT_FOUND;

  switch (endpoint) {
    case "details":
      return flowDetails(account, flow, request.query, options.now());
    case "update":
      return updateFlow(account, flow, request.body);
    case "delete":
      return deleteFlow(store, account, flow);
    case "assets":
      return request.method === "GET"
        ? flowAssets(account, flow, request, options.assetLinks)
        : updateFlowJson(account, flow, request);
    case "publish":
      return publishFlow(account, flow);
    default:
      return deprecateFlow(account, flow);
  }
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

function flowDetails(account: StoredAccount, flow: StoredFlow, query: string, now: number): PreparedResponse {
  const data = flowObject(flow, requestedFields(query), { account, now });
  return jsonResponse(200, account.detailsShape === "bare" ? data : flowDetailsBody(data));
}
