import { AuthenticationError } from "./authentication-error";
import { FlowApiNotEnabledError } from "./flow-api-not-enabled-error";
import { FlowNotFoundError } from "./flow-not-found-error";
import { FlowUpdateRefusedError } from "./flow-update-refused-error";
import { InvalidPayloadError } from "./invalid-payload-error";
import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";
import { RateLimitError } from "./rate-limit-error";
import { ServerError } from "./server-error";

/** A failed response, already parsed as Kaleyra JSON, plus what is known of the request. */
export interface ResponseFacts extends Omit<KaleyraErrorOptions, "code" | "kaleyraMessage" | "status"> {
  readonly status: number;
  /** The parsed body: Kaleyra's envelope `{code, message, data, error}` or anything else JSON. */
  readonly body: unknown;
  /** Retry-After in milliseconds, when the response had one. */
  readonly retryAfterMs?: number;
}

/**
 * Chooses the error class for a failed response from Kaleyra's code, as the seed page lists
 * them, falling back to the HTTP status for codes it does not list.
 */
export function errorFromResponse(facts: ResponseFacts): KaleyraError {
  const envelope = asEnvelope(facts.body);
  const options: KaleyraErrorOptions = {
    ...facts,
    code: envelope.code,
    kaleyraMessage: describe(envelope),
  };
  const detail = envelope.error;
  switch (envelope.code) {
    case "RBC001":
      return new AuthenticationError(options);
    case "WA-401":
      return mentionsFlowId(detail, envelope.message) ? new FlowNotFoundError(options) : new FlowApiNotEnabledError(options);
    case "WA-400":
      return isObject(detail) && "payload" in detail ? new InvalidPayloadError(options) : new FlowUpdateRefusedError(options);
    case "WA-500":
      return new ServerError(options);
  }
  if (facts.status === 429) return new RateLimitError({ ...options, retryAfterMs: facts.retryAfterMs });
  if (facts.status >= 500) return new ServerError(options);
  if (facts.status === 401 || facts.status === 403) return new AuthenticationError(options);
  return new KaleyraError(
    "Kaleyra returned an error this package does not recognise",
    "Check the flow and account in the Kaleyra console; if the message is unclear, contact Kaleyra support with the code above.",
    false,
    options,
  );
}

interface Envelope {
  code?: string;
  message?: string;
  error?: unknown;
}

function asEnvelope(body: unknown): Envelope {
  if (!isObject(body)) return {};
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
  return parts.length > 0 ? parts.join(" / ") : undefined;
}

function detailTexts(detail: unknown): string[] {
  if (typeof detail === "string") return detail ? [detail] : [];
  if (isObject(detail)) {
    return Object.entries(detail)
      .filter(([, v]) => typeof v === "string" && v)
      .map(([k, v]) => (k === "error" ? String(v) : `${k}: ${String(v)}`));
  }
  return [];
}

function mentionsFlowId(detail: unknown, message: string | undefined): boolean {
  return (isObject(detail) && "flow_id" in detail) || /flow_id/i.test(message ?? "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
