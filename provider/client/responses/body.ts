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
