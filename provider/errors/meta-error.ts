import { isRecord } from "../rules/checked";

/**
 * Meta's error object, which Kaleyra passes through for the flow endpoints: `{message, type,
 * code, error_subcode, error_user_title, error_user_msg, fbtrace_id}`. Kaleyra's pages show no
 * error bodies for them, so it is looked for where both possible shapes put it: `error` of a
 * bare Meta answer (`{error: {...}}`), and `error` of Kaleyra's envelope (`{code: "WA-400",
 * message, error: {...}}`). Only a numeric `code` makes it Meta's (an inference,
 * docs/kaleyra-inferences.md).
 */
export interface MetaError {
  readonly code: number;
  /** Meta's words: `error_user_msg` (written for people) when given, else `message`. */
  readonly message?: string;
}

/** Meta's error in a (redacted) failed response body, if it carries one. */
export function metaErrorOf(body: unknown): MetaError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, error_user_msg: userMessage, error_user_title: title } = body.error;
  if (typeof code !== "number" || !Number.isSafeInteger(code)) return undefined;
  const words = [title, userMessage ?? message].filter(
    (part): part is string => typeof part === "string" && part !== "",
  );
  return { code, ...(words.length > 0 ? { message: words.join(": ") } : {}) };
}

/**
 * Meta's codes for the Flows API (its error codes page), by what they mean here. Code 4 (the
 * Graph API's rate limit, answered with HTTP 400) is retried as a rate limit.
 */
export const META_CODES = {
  rateLimited: 4,
  invalidParameter: 100,
  blockedByIntegrity: 139000,
  updateRefused: 139001,
  publishRefused: 139002,
  deprecateRefused: 139003,
  deleteRefused: 139004,
} as const;
