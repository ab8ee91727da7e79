/**
 * The answers of the Flow lifecycle routes (Create, Update Flow JSON, Get Flow Assets,
 * Publish, Deprecate, Delete). Kaleyra passes Meta's Flows API through and its pages show
 * none of these bodies, so each comes in either shape a client may meet: Meta's bare object
 * or Kaleyra's envelope around it (successes: the account's `detailsShape` or `listShape`;
 * errors: its `errorShape`).
 */
import { randomBytes } from "node:crypto";
import { listBody, Paging } from "./flow-list";
import { jsonResponse, PreparedResponse } from "./responses";
import type { DetailsShape, ErrorShape, ListShape } from "./vocabulary";

/** Meta's error codes for flow management (its Flows error-codes page). */
export const META_ERROR_CODES = Object.freeze({
  /** Invalid parameter; also "Flow name is not unique". */
  invalidParameter: 100,
  /** The flow (or its JSON) cannot be updated: published, deprecated, too large. */
  updateRefused: 139001,
  /** Publishing refused: validation errors, no Flow JSON, no endpoint, not a draft. */
  publishRefused: 139002,
  /** Deprecating refused: a draft, or already deprecated. */
  deprecateRefused: 139003,
  /** Deleting refused: only drafts can be deleted. */
  deleteRefused: 139004,
});

/** Meta's error object, the value of `error` in its answers. */
export interface MetaError {
  readonly message: string;
  readonly type: "OAuthException";
  readonly code: number;
  readonly error_subcode?: number;
  readonly error_user_title?: string;
  readonly error_user_msg?: string;
  readonly fbtrace_id: string;
}

/** A Meta error: `message` says what is wrong, `error_user_title` sums it up, `error_user_msg` explains. */
export function metaError(code: number, message: string, title: string, detail: string): MetaError {
  return {
    message,
    type: "OAuthException",
    code,
    error_user_title: title,
    error_user_msg: detail,
    // Random like Meta's: a client must never rely on it, only show it.
    fbtrace_id: `A${randomBytes(15).toString("base64url")}`,
  };
}

/** HTTP 400 with a Meta error in the account's {@link ErrorShape}. */
export function metaErrorResponse(shape: ErrorShape, error: MetaError): PreparedResponse {
  if (shape === "meta") return jsonResponse(400, { error });
  return jsonResponse(400, { code: "WA-400", message: error.message, data: {}, error });
}

/** HTTP 200 with Meta's object, bare or in Kaleyra's envelope (the account's `detailsShape`). */
export function metaSuccess(shape: DetailsShape, body: Record<string, unknown>): PreparedResponse {
  if (shape === "bare") return jsonResponse(200, body);
  return jsonResponse(200, { code: "WA200", message: "Request Processed Successfully", data: body, error: {} });
}

/** HTTP 200 with a Meta list (`{data, paging}`) in the account's {@link ListShape}. */
export function metaList(shape: ListShape, data: unknown[], paging: Paging | undefined): PreparedResponse {
  return jsonResponse(200, listBody(shape, data, paging));
}
