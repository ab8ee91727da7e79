import { isRecord } from "../../rules/checked";

/** Parses a body as JSON without throwing. Empty bodies are not JSON. */
export function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string" || text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** True when `body` is Kaleyra's envelope: an object whose `code` is a string. */
export function isEnvelope(body: unknown): body is Record<string, unknown> & { code: string } {
  return isRecord(body) && typeof body.code === "string";
}

/** Kaleyra's success code, in every success body its documentation shows. */
export const SUCCESS_CODE = "WA200";

/** The body, cut short and folded onto one line, for an error that must show what arrived. */
export function snippetOf(body: unknown): string {
  const text = typeof body === "string" ? body : (JSON.stringify(body) ?? String(body));
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

/** Why a response was not recognised: thrown by the parsers, turned into an error by the client. */
export class UnrecognisedResponse extends Error {
  /** @param reason what is wrong, e.g. `the response carries no id` */
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The Meta object a success carries: Kaleyra's envelope's `data` (its code must be
 * {@link SUCCESS_CODE}), or the body itself when Meta's object comes bare. Both shapes are
 * possible for every flow endpoint: Kaleyra's pages show no response bodies.
 */
export function metaObjectOf(body: unknown): Record<string, unknown> {
  const inner = isEnvelope(body) ? envelopeData(body) : body;
  if (!isRecord(inner)) throw new UnrecognisedResponse("the response holds no object");
  return inner;
}

function envelopeData(body: Record<string, unknown> & { code: string }): unknown {
  if (body.code !== SUCCESS_CODE) throw new UnrecognisedResponse(`the envelope's code is not ${SUCCESS_CODE}`);
  return body.data;
}

/**
 * The items and paging of a Meta list from every shape Kaleyra may use: Meta's bare list
 * `{data: [...], paging}`, Kaleyra's envelope around it `{code, message, data: {data, paging},
 * error}`, or the envelope holding the array with `paging` beside it
 * `{code, message, data: [...], paging, error}`. Anything else is unrecognised.
 *
 * @param what the items' name, for the reason (`flows`, `assets`)
 */
export function listOf(body: unknown, what: string): { list: unknown[]; paging: unknown } {
  if (isEnvelope(body)) {
    const data = envelopeData(body);
    if (Array.isArray(data)) return { list: data, paging: body.paging };
    if (isRecord(data) && Array.isArray(data.data)) return { list: data.data, paging: data.paging };
    throw new UnrecognisedResponse(`the envelope's data is neither a list of ${what} nor {data, paging}`);
  }
  if (isRecord(body) && Array.isArray(body.data)) return { list: body.data, paging: body.paging };
  throw new UnrecognisedResponse(`the response is not a list of ${what} ({data: [...], paging})`);
}

/**
 * The next page's cursor from a list's `paging`, when `paging.next` says there is one. The
 * next page is asked for with `after=<cursor>` on the same origin; the `next` URL itself is
 * never requested: it may point anywhere, and the key must go nowhere else.
 */
export function cursorOf(paging: unknown): { after?: string } {
  if (paging === undefined || paging === null) return {};
  if (!isRecord(paging)) throw new UnrecognisedResponse("paging is not an object");
  if (paging.next === undefined || paging.next === null || paging.next === "") return {};
  if (typeof paging.next !== "string") throw new UnrecognisedResponse("paging.next is not a URL");
  const after = isRecord(paging.cursors) ? paging.cursors.after : undefined;
  if (typeof after !== "string" || after === "") {
    throw new UnrecognisedResponse(
      "paging.next says there is another page, but paging.cursors.after gives no cursor to ask for it with",
    );
  }
  return { after };
}
