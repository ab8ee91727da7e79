import { AuthenticationError } from "./authentication-error";
import { FlowApiNotEnabledError } from "./flow-api-not-enabled-error";
import { FlowNotFoundError } from "./flow-not-found-error";
import { FlowUpdateRefusedError } from "./flow-update-refused-error";
import { InvalidPayloadError } from "./invalid-payload-error";
import { isRecord } from "../rules/checked";
import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";
import { RateLimitError } from "./rate-limit-error";
import { ServerError } from "./server-error";
import { FlowBlockedError } from "./flow-blocked-error";
import { FlowDeleteRefusedError } from "./flow-delete-refused-error";
import { FlowDeprecateRefusedError } from "./flow-deprecate-refused-error";
import { FlowPublishRefusedError } from "./flow-publish-refused-error";
import { InvalidParameterError } from "./invalid-parameter-error";
import { META_CODES, type MetaError, metaErrorOf } from "./meta-error";

/** A failed response, parsed as JSON and already redacted, plus what is known of the request. */
export interface ResponseFacts extends Omit<KaleyraErrorFacts, "code" | "kaleyraMessage" | "status"> {
  readonly status: number;
  /** The parsed, redacted body: Kaleyra's envelope `{code, message, data, error}` or any other JSON. */
  readonly body: unknown;
  /** Retry-After in milliseconds, when the response had one. */
  readonly retryAfterMs?: number;
}

/** Kaleyra's words kept on an error, at most: enough to diagnose, never a whole page. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Chooses the error class for a failed response from Kaleyra's code, as the seed page lists
 * them, falling back to the HTTP status for codes it does not list. Only the documented
 * "flow does not exist" response (`WA-401` with `error.flow_id`) becomes a
 * {@link FlowNotFoundError}, the one error on which `refresh` drops a flow from the stack.
 */
export function errorFromResponse(facts: ResponseFacts): KaleyraError {
  const envelope = asEnvelope(facts.body);
  const { body: _body, retryAfterMs, ...context } = facts;
  const meta = metaErrorOf(facts.body);
  if (meta) return fromMetaError(meta, envelope, { ...context, code: envelope.code }, retryAfterMs, facts.status);
  const options: KaleyraErrorFacts = { ...context, code: envelope.code, kaleyraMessage: describe(envelope) };
  const detail = envelope.error;
  switch (envelope.code) {
    case "RBC001":
      return new AuthenticationError(options);
    case "WA-401":
      if (isRecord(detail) && typeof detail.flow_id === "string") return new FlowNotFoundError(options);
      if (typeof detail === "string" || /not available/i.test(envelope.message ?? ""))
        return new FlowApiNotEnabledError(options);
      return unrecognisedError(options);
    case "WA-400":
      return isRecord(detail) && "payload" in detail
        ? new InvalidPayloadError(options)
        : new FlowUpdateRefusedError(options);
    case "WA-500":
      return new ServerError(options);
  }
  if (facts.status === 429) return new RateLimitError({ ...options, retryAfterMs });
  if (facts.status >= 500) return new ServerError(options);
  if (facts.status === 401 || facts.status === 403) return new AuthenticationError(options);
  return unrecognisedError(options);
}

/**
 * A failure carrying Meta's error object (meta-error.ts): the class by Meta's code; a code
 * without a meaning here falls back to the HTTP status, its code and words kept.
 */
function fromMetaError(
  meta: MetaError,
  envelope: Envelope,
  context: KaleyraErrorFacts,
  retryAfterMs: number | undefined,
  status: number,
): KaleyraError {
  const words = [envelope.message, meta.message].filter((part): part is string => !!part);
  const unique = words.filter((part, index) => !words.slice(0, index).some((earlier) => earlier.includes(part)));
  const message = unique.join(" / ");
  const options: KaleyraErrorFacts = {
    ...context,
    metaCode: meta.code,
    ...(message ? { kaleyraMessage: message.slice(0, MAX_MESSAGE_LENGTH) } : {}),
  };
  switch (meta.code) {
    case META_CODES.rateLimited:
      return new RateLimitError({ ...options, retryAfterMs });
    case META_CODES.invalidParameter:
      return new InvalidParameterError(options);
    case META_CODES.blockedByIntegrity:
      return new FlowBlockedError(options);
    case META_CODES.updateRefused:
      return new FlowUpdateRefusedError(options);
    case META_CODES.publishRefused:
      return new FlowPublishRefusedError(options);
    case META_CODES.deprecateRefused:
      return new FlowDeprecateRefusedError(options);
    case META_CODES.deleteRefused:
      return new FlowDeleteRefusedError(options);
  }
  if (status === 429) return new RateLimitError({ ...options, retryAfterMs });
  if (status >= 500) return new ServerError(options);
  if (status === 401 || status === 403) return new AuthenticationError(options);
  return unrecognisedError(options);
}

/** A response with no documented meaning: reported as it is, never acted on. */
function unrecognisedError(options: KaleyraErrorFacts): KaleyraError {
  const hint =
    "Check the flow and account in the Kaleyra console; if the message is unclear, contact Kaleyra support with " +
    "the code above.";
  return new KaleyraError(describeFailure("Kaleyra returned an error this package does not recognise", hint, options), {
    ...options,
    hint,
  });
}

interface Envelope {
  code?: string;
  message?: string;
  error?: unknown;
}

function asEnvelope(body: unknown): Envelope {
  if (!isRecord(body)) return {};
  return {
    code: typeof body.code === "string" ? body.code : undefined,
    message: typeof body.message === "string" ? body.message : undefined,
    error: body.error,
  };
}

/** Kaleyra's message, plus its `error` detail where that says something the message does not. */
function describe(envelope: Envelope): string | undefined {
  const parts: string[] = [];
  if (envelope.message) parts.push(envelope.message);
  for (const text of detailTexts(envelope.error)) {
    if (!parts.some((p) => p.includes(text))) parts.push(text);
  }
  if (parts.length === 0) return undefined;
  const text = parts.join(" / ");
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}...` : text;
}

function detailTexts(detail: unknown): string[] {
  if (typeof detail === "string") return detail ? [detail] : [];
  if (isRecord(detail)) {
    return Object.entries(detail)
      .filter(([, v]) => typeof v === "string" && v)
      .map(([k, v]) => (k === "error" ? String(v) : `${k}: ${String(v)}`));
  }
  return [];
}
