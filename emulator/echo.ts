/**
 * The `echo` fault: an answer that reflects the request's `api-key` back, the way a
 * careless server or proxy might ("invalid api-key ABC..."), in each place a client's
 * redaction has to look: a JSON field, the envelope's code, JSON `\uXXXX` escapes that
 * only decode to the key, an HTML or text page, response headers.
 */
import { STATUS_CODES } from "node:http";
import { INTERNAL_ERROR_BODY, KaleyraBody, PreparedResponse, RATE_LIMIT_BODY, serializeBody } from "./responses";

/**
 * Where the key goes:
 * - `message`: Kaleyra's envelope, the key inside `message`;
 * - `errorField`: the key inside `error["api-key"]`;
 * - `code`: the key as the envelope's `code`;
 * - `escaped`: inside `message`, every character written as a JSON `\uXXXX` escape, so the
 *   raw body never contains the key but the parsed one does;
 * - `html`: a `text/html` error page;
 * - `text`: a `text/plain` body;
 * - `header`: an ordinary envelope for the status, the key in the `content-type` header's
 *   `charset` parameter and in a `retry-after` header.
 */
export type EchoShape = "message" | "errorField" | "code" | "escaped" | "html" | "text" | "header";

/** Every {@link EchoShape}. */
export const ECHO_SHAPES: readonly EchoShape[] = ["message", "errorField", "code", "escaped", "html", "text", "header"];

/** What is echoed when the request has no `api-key` header (or an empty one). */
export const NO_KEY = "<none>";

/** The default status of an `echo` fault. */
export const DEFAULT_ECHO_STATUS = 500;

// Stands in for the key while the envelope is serialised, then replaced by the escapes:
// JSON.stringify would turn them back into plain characters.
const PLACEHOLDER = "\u0000ECHOED-KEY\u0000";

/**
 * Prepares the answer of an `echo` fault.
 *
 * @param apiKey the request's `api-key` header as received (undefined when absent)
 */
export function echoResponse(shape: EchoShape, status: number, apiKey: string | undefined): PreparedResponse {
  const key = apiKey === undefined || apiKey === "" ? NO_KEY : apiKey;
  const reason = STATUS_CODES[status] ?? "Request failed";
  switch (shape) {
    case "message":
      return json(status, { ...envelope(status), message: `Invalid api-key: ${key}` });
    case "errorField":
      return json(status, { ...envelope(status), error: { "api-key": `${key} is not valid` } });
    case "code":
      return json(status, { ...envelope(status), code: key });
    case "escaped": {
      const text = serializeBody({ ...envelope(status), message: `Invalid api-key: ${PLACEHOLDER}` }).replace(
        JSON.stringify(PLACEHOLDER).slice(1, -1),
        () => escapeAll(key),
      );
      return { status, body: Buffer.from(text, "utf8"), contentType: "application/json" };
    }
    case "html": {
      const page =
        `<html><head><title>${status} ${reason}</title></head><body><center><h1>${status} ` +
        `${reason}</h1></center><p>Invalid api-key: ${key}</p></body></html>`;
      return { status, body: Buffer.from(page, "utf8"), contentType: "text/html" };
    }
    case "text":
      return {
        status,
        body: Buffer.from(`${status} ${reason}: invalid api-key ${key}\n`, "utf8"),
        contentType: "text/plain",
      };
    case "header":
      return {
        ...json(status, envelope(status)),
        contentType: `application/json; charset=${key}`,
        headers: { "retry-after": key },
      };
  }
}

/**
 * The ordinary envelope for a status: `WA200` with empty `data` for 200 (no `success`, so
 * it is not Update Flow Metadata's success; other 2xx `WA<status>`), the documented bodies
 * for 500 and 429, and `WA-<status>` with the HTTP reason phrase otherwise.
 */
export function envelope(status: number): KaleyraBody {
  if (status === 500) return INTERNAL_ERROR_BODY;
  if (status === 429) return RATE_LIMIT_BODY;
  const reason = STATUS_CODES[status] ?? "Request failed";
  if (status < 300)
    return {
      code: `WA${status}`,
      message: status === 200 ? "Request Processed Successfully" : reason,
      data: {},
      error: {},
    };
  return { code: `WA-${status}`, message: reason, data: {}, error: { error: reason } };
}

function json(status: number, body: KaleyraBody): PreparedResponse {
  return { status, body: Buffer.from(serializeBody(body), "utf8"), contentType: "application/json" };
}

/** Every UTF-16 code unit as a JSON `\uXXXX` escape. */
function escapeAll(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}
