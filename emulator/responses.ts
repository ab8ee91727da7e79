/**
 * The response bodies the emulator sends, and how they go on the wire.
 *
 * The first six bodies are copied from Kaleyra's "Update Flow Metadata" page
 * (shared/seed/kaleyra-update-flow-metadata.txt) and must stay byte-for-byte what the page
 * shows, key order and 4-space indentation included: clients and their tests compare
 * against that page. The others cover cases the page does not document; they reuse its
 * envelope `{code, message, data, error}` so a client needs one parser for all of them.
 */
import type { ServerResponse } from "node:http";

/** A JSON body Kaleyra-style: `{code, message, data, error}`. */
export interface KaleyraBody {
  readonly code: string;
  readonly message: string;
  readonly data: unknown;
  readonly error: unknown;
}

/** 200: the seed's success body for Update Flow Metadata. */
export const SUCCESS_BODY: KaleyraBody = {
  code: "WA200",
  message: "Request Processed Successfully",
  data: { success: true },
  error: {},
};

/** 401: the seed's body for an unknown SID or a missing/wrong `api-key`. Note `data` is an array. */
export const INCORRECT_SID_OR_KEY_BODY: KaleyraBody = {
  code: "RBC001",
  message: "Incorrect SID or API key.",
  data: [],
  error: { error: "Incorrect SID or API key." },
};

/** 401: the seed's "wrong account" body, for an account without the Flow API. Note `error` is a string. */
export const API_NOT_AVAILABLE_BODY: KaleyraBody = {
  code: "WA-401",
  message: "API is not available for given customer.Please contact support for more info",
  data: {},
  error: "API is not available for given customer.Please contact support for more info",
};

/** 400: the seed's body for any payload Kaleyra would not accept. */
export const INCORRECT_PAYLOAD_BODY: KaleyraBody = {
  code: "WA-400",
  message: "Refer to correct payload format",
  data: {},
  error: { payload: "Incorrect payload format" },
};

/** 500: the seed's body for a server error (the emulator sends it only as an injected fault). */
export const INTERNAL_ERROR_BODY: KaleyraBody = {
  code: "WA-500",
  message: "Please try again later",
  data: {},
  error: { error: "Internal server error" },
};

/** 401: the seed's last body, for a flow id that is not one of the account's flows. */
export const FLOW_NOT_FOUND_BODY: KaleyraBody = {
  code: "WA-401",
  message: "The flow_id either does not exist or does not belong to the account.",
  data: {},
  error: { flow_id: "The flow_id either does not exist or does not belong to the account." },
};

/** 429: not in the seed; what the emulator sends for an injected `rateLimit` fault. */
export const RATE_LIMIT_BODY: KaleyraBody = {
  code: "WA-429",
  message: "Too many requests",
  data: {},
  error: { error: "Rate limit exceeded" },
};

/** 404: not in the seed; any path under `/v2` that is not a flow. */
export const NOT_FOUND_BODY: KaleyraBody = { code: "WA-404", message: "Not found", data: {}, error: {} };

/** 405: not in the seed; a path with a method it does not take (the `Allow` header says which it does). */
export const METHOD_NOT_ALLOWED_BODY: KaleyraBody = {
  code: "WA-405",
  message: "Method not allowed",
  data: {},
  error: {},
};

/**
 * 400: not in the seed. Kaleyra does not document what happens when the metadata of a
 * deprecated or blocked flow is updated; Meta refuses it, so the emulator answers with the
 * seed's WA-400 envelope and says which flow and why.
 */
export function frozenFlowBody(flowId: string, status: string): KaleyraBody {
  return {
    code: "WA-400",
    message: "Flow metadata cannot be updated in its current status",
    data: {},
    error: { flow_id: `Flow ${flowId} is ${status}; its metadata cannot be updated.` },
  };
}

/**
 * 400: not in the seed. Updating the metadata of a PUBLISHED (or THROTTLED) flow when the
 * account (or flow) plays Meta's "published flows cannot be updated" reading
 * (`publishedUpdate: "refuse"`). Says what to do instead, as Meta's own pages do.
 */
export function publishedFlowBody(flowId: string, status: string): KaleyraBody {
  return {
    code: "WA-400",
    message: `Flow metadata cannot be updated while the flow is ${status}`,
    data: {},
    error: { flow_id: `Flow ${flowId} is ${status}; clone it into a new draft flow to change its metadata.` },
  };
}

/**
 * 401: not in the seed. "Get Flows by WABA ID" for a WABA the account does not have;
 * worded like the seed's flow_id body, which Kaleyra answers for a flow in the same case.
 */
export const WABA_NOT_FOUND_BODY: KaleyraBody = {
  code: "WA-401",
  message: "The waba_id either does not exist or does not belong to the account.",
  data: {},
  error: { waba_id: "The waba_id either does not exist or does not belong to the account." },
};

/** 200: the envelope around a flow's details for `GET /v2/<sid>/whatsapp/<flow_id>`. */
export function flowDetailsBody(data: Record<string, unknown>): KaleyraBody {
  return { code: "WA200", message: "Request Processed Successfully", data, error: {} };
}

/** The HTML a reverse proxy sends when the upstream is down (`html502` fault). */
export const BAD_GATEWAY_HTML =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

/** Serialises a body exactly as the seed page shows it: 4-space indentation, no trailing newline. */
export function serializeBody(body: unknown): string {
  return JSON.stringify(body, null, 4);
}

/** A response ready to write: status, body bytes and any extra headers. */
export interface PreparedResponse {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Prepares a JSON response (content-type `application/json`, as Kaleyra sends). */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): PreparedResponse {
  return { status, body: Buffer.from(serializeBody(body), "utf8"), contentType: "application/json", headers };
}

// The constant answers are serialised once: the benchmark hammers these paths, and
// re-stringifying the same object on every request would be pure waste.
/** Prepared 200 success response. */
export const SUCCESS = jsonResponse(200, SUCCESS_BODY);
/** Prepared 401 RBC001 response. */
export const INCORRECT_SID_OR_KEY = jsonResponse(401, INCORRECT_SID_OR_KEY_BODY);
/** Prepared 401 "API is not available" response. */
export const API_NOT_AVAILABLE = jsonResponse(401, API_NOT_AVAILABLE_BODY);
/** Prepared 400 incorrect payload response. */
export const INCORRECT_PAYLOAD = jsonResponse(400, INCORRECT_PAYLOAD_BODY);
/** Prepared 500 response. */
export const INTERNAL_ERROR = jsonResponse(500, INTERNAL_ERROR_BODY);
/** Prepared 401 flow_id response. */
export const FLOW_NOT_FOUND = jsonResponse(401, FLOW_NOT_FOUND_BODY);
/** Prepared 404 response. */
export const NOT_FOUND = jsonResponse(404, NOT_FOUND_BODY);
/** Prepared 405 response; `Allow` lists what a flow path accepts (details, update, delete). */
export const METHOD_NOT_ALLOWED = jsonResponse(405, METHOD_NOT_ALLOWED_BODY, { allow: "GET, POST, DELETE" });
/** Prepared 401 waba_id response. */
export const WABA_NOT_FOUND = jsonResponse(401, WABA_NOT_FOUND_BODY);
/** Prepared 405 response for the flow list path: GET lists, POST creates. */
export const LIST_METHOD_NOT_ALLOWED = jsonResponse(405, METHOD_NOT_ALLOWED_BODY, { allow: "GET, POST" });
/** Prepared 405 response for `.../assets`: GET lists the assets, POST uploads the Flow JSON. */
export const ASSETS_METHOD_NOT_ALLOWED = jsonResponse(405, METHOD_NOT_ALLOWED_BODY, { allow: "GET, POST" });
/** Prepared 405 response for `.../publish` and `.../deprecate`, which take POST only. */
export const ACTION_METHOD_NOT_ALLOWED = jsonResponse(405, METHOD_NOT_ALLOWED_BODY, { allow: "POST" });
/** Prepared 502 HTML response. */
export const BAD_GATEWAY: PreparedResponse = {
  status: 502,
  body: Buffer.from(BAD_GATEWAY_HTML, "utf8"),
  contentType: "text/html",
};

/** Prepares a 429 with its `Retry-After` header, in seconds or as an HTTP date counted from `nowMs`. */
export function rateLimitResponse(
  retryAfterSeconds: number,
  format: "seconds" | "date",
  nowMs: number,
): PreparedResponse {
  const value =
    format === "date"
      ? new Date(nowMs + retryAfterSeconds * 1000).toUTCString()
      : String(Math.max(0, Math.ceil(retryAfterSeconds)));
  return jsonResponse(429, RATE_LIMIT_BODY, { "retry-after": value });
}

/** Writes a prepared response. Content-Length is always set so keep-alive works. */
export function writeResponse(res: ServerResponse, response: PreparedResponse): void {
  const headers: Record<string, string | number> = {
    "content-type": response.contentType,
    "content-length": response.body.length,
    ...response.headers,
  };
  res.writeHead(response.status, headers);
  res.end(response.body);
}
