/**
 * Kaleyra's "Get Flows by WABA ID": `GET /v2/<sid>/whatsapp/<waba_id>/flows?fields=&limit=&after=`.
 *
 * Kaleyra's page shows no response body, so the answer's shape is an account setting
 * (`listShape`). Pagination follows Meta's Graph API: `limit` (or the account's
 * `pageSize`), an opaque `after` cursor, and `paging: {cursors: {before, after}, next}`.
 * `next` deliberately points at another origin (Meta's, by default): a client must page
 * with `after` on its own Kaleyra origin, and a test can prove it never follows `next`.
 */
import { Checker, show } from "./check";
import { flowObject, requestedFields } from "./flow-fields";
import { INCORRECT_PAYLOAD, jsonResponse, PreparedResponse, WABA_NOT_FOUND } from "./responses";
import { StoredAccount, wabaOf } from "./store";
import { ListShape, MAX_PAGE_SIZE } from "./vocabulary";

/** The Graph API version written into `paging.next`. */
export const GRAPH_VERSION = "v19.0";

/** The default origin of `paging.next`: Meta's Graph API, never the emulator. */
export const DEFAULT_PAGING_NEXT_ORIGIN = "https://graph.facebook.com";

/** Meta's paging object. `next` only when there is a further page. */
export interface Paging {
  readonly cursors: { readonly before: string; readonly after: string };
  readonly next?: string;
}

/**
 * Answers one list request for an account already authenticated and with the Flow API.
 * Checks after that: the WABA belongs to the account (WA-401), then `limit` and `after`
 * are well formed (WA-400, the seed page's payload body, as for any request Kaleyra will
 * not take).
 */
export function listFlows(
  account: StoredAccount,
  wabaId: string,
  query: string,
  nextOrigin: string,
  now: number,
): PreparedResponse {
  if (!knowsWaba(account, wabaId)) return WABA_NOT_FOUND;
  const params = new URLSearchParams(query);

  let size = account.pageSize;
  const limit = params.get("limit");
  if (limit !== null) {
    if (!/^[0-9]{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_SIZE) return INCORRECT_PAYLOAD;
    size = Number(limit);
  }
  let start = 0;
  const after = params.get("after");
  if (after !== null) {
    const position = decodeCursor(after, wabaId);
    if (position === undefined) return INCORRECT_PAYLOAD;
    start = position + 1;
  }

  const requested = requestedFields(query);
  const flows = [...account.flows.values()].filter((flow) => wabaOf(account, flow) === wabaId);
  const page = flows.slice(start, start + size);
  const data = page.map((flow) => flowObject(flow, requested, { account, now }));

  // Meta leaves `paging` out of an empty page, so a client must not depend on it.
  let paging: Paging | undefined;
  if (page.length > 0) {
    const last = start + page.length - 1;
    const cursors = { before: encodeCursor(wabaId, start), after: encodeCursor(wabaId, last) };
    paging =
      last + 1 < flows.length
        ? { cursors, next: nextUrl(nextOrigin, wabaId, params.get("fields"), size, cursors.after) }
        : { cursors };
  }
  return jsonResponse(200, listBody(account.listShape, data, paging));
}

/** A WABA belongs to an account when it is the account's default or some flow's. */
export function knowsWaba(account: StoredAccount, wabaId: string): boolean {
  if (account.wabaId === wabaId) return true;
  for (const flow of account.flows.values()) if (flow.wabaId === wabaId) return true;
  return false;
}

/** The body in the account's {@link ListShape}. */
export function listBody(shape: ListShape, data: unknown[], paging: Paging | undefined): unknown {
  const meta = paging ? { data, paging } : { data };
  switch (shape) {
    case "bare":
      return meta;
    case "envelope-flat":
      return { code: "WA200", message: "Request Processed Successfully", ...meta, error: {} };
    default:
      return { code: "WA200", message: "Request Processed Successfully", data: meta, error: {} };
  }
}

/**
 * A cursor: opaque to clients (base64url, as Meta's look), naming the WABA and a position
 * in its list, so a cursor of another WABA's list is refused rather than misread.
 */
export function encodeCursor(wabaId: string, position: number): string {
  return Buffer.from(`${wabaId}:${position}`, "utf8").toString("base64url");
}

/** The position a cursor names, or undefined when it is not one this WABA's list issued. */
export function decodeCursor(cursor: string, wabaId: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const match = /^([0-9]+):(0|[1-9][0-9]{0,8})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || match[1] !== wabaId) return undefined;
  const position = Number(match[2]);
  // Only the canonical spelling: a cursor edited by hand is as bad as a made-up one.
  return encodeCursor(wabaId, position) === cursor ? position : undefined;
}

function nextUrl(origin: string, wabaId: string, fields: string | null, limit: number, after: string): string {
  const params = new URLSearchParams();
  if (fields !== null) params.set("fields", fields);
  params.set("limit", String(limit));
  params.set("after", after);
  return `${origin}/${GRAPH_VERSION}/${encodeURIComponent(wabaId)}/flows?${params}`;
}

/**
 * Validates the origin `paging.next` URLs point at: an absolute http(s) URL without query
 * or fragment. Returns it without a trailing slash. Throws {@link SeedError} naming `source`.
 */
export function validatePagingNextOrigin(value: unknown, source = "pagingNextOrigin"): string {
  const check: Checker = new Checker(source);
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search !== "" || url.hash !== "") {
    check.fail(
      "",
      `must be an absolute http(s) URL without query or fragment, e.g. "${DEFAULT_PAGING_NEXT_ORIGIN}", got ` +
        `${show(value)}`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
