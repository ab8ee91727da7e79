/**
 * What a {@link KaleyraError} knows about the request that failed. Nothing here can hold
 * the API key: it travels only in the `api-key` header, which errors never copy.
 */
export interface KaleyraErrorOptions {
  /** HTTP status of the response, when there was one. */
  readonly status?: number;
  /** Kaleyra's own code from the response body, e.g. `RBC001`, `WA-401`. */
  readonly code?: string;
  /** Kaleyra's message from the response body, plus its `error` detail when it adds one. */
  readonly kaleyraMessage?: string;
  /** The flow the request was about. */
  readonly flowId?: string;
  /** The account SID the request was sent for. */
  readonly sid?: string;
  /** HTTP method and URL path (no query, no credentials) of the request. */
  readonly request?: { readonly method: string; readonly path: string; readonly origin: string };
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  /** The low-level cause, already reduced to a message with no request config attached. */
  readonly causeMessage?: string;
}

/**
 * Base class of every error the Kaleyra client raises.
 *
 * The message is written for the person running `pulumi up`: which flow, which account, the
 * HTTP status, Kaleyra's code and message, and what to do next. The same facts are on typed
 * fields for programs. An error never carries the request's headers or config, so it cannot
 * leak the API key however it is logged or serialized.
 *
 * Note: this class deliberately has no `id` property: the dynamic-provider host treats an
 * error with an `id` as "created but failed to initialise" and would record a resource.
 */
export class KaleyraError extends Error {
  /** HTTP status, or `undefined` when no response arrived (network error, timeout). */
  readonly status?: number;
  /** Kaleyra's code from the response body (`RBC001`, `WA-400`, ...), when there was one. */
  readonly code?: string;
  /** Kaleyra's message from the response body. */
  readonly kaleyraMessage?: string;
  /** The flow the failed request was about. */
  readonly flowId?: string;
  /** The account SID the failed request was sent for. */
  readonly sid?: string;
  /** Method, origin and path of the failed request. Never headers, never the body. */
  readonly request?: { readonly method: string; readonly path: string; readonly origin: string };
  /** Attempts made, retries included. */
  readonly attempts?: number;
  /** Whether the client would retry this failure (network, timeout, 5xx, 429). */
  readonly retryable: boolean;
  /** What the user should do about it. Also the last sentence of `message`. */
  readonly hint: string;

  constructor(summary: string, hint: string, retryable: boolean, options: KaleyraErrorOptions = {}) {
    super(composeMessage(summary, hint, options));
    this.name = new.target.name;
    this.status = options.status;
    this.code = options.code;
    this.kaleyraMessage = options.kaleyraMessage;
    this.flowId = options.flowId;
    this.sid = options.sid;
    this.request = options.request;
    this.attempts = options.attempts;
    this.retryable = retryable;
    this.hint = hint;
  }

  /** A plain object for logs and JSON; the same fields, nothing more. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      kaleyraMessage: this.kaleyraMessage,
      flowId: this.flowId,
      sid: this.sid,
      request: this.request,
      attempts: this.attempts,
      retryable: this.retryable,
    };
  }
}

/**
 * `Kaleyra rejected flow 123 (account HX..): HTTP 401 RBC001 "Incorrect SID or API key." <hint>`
 */
function composeMessage(summary: string, hint: string, o: KaleyraErrorOptions): string {
  const subject = o.flowId ? `flow ${o.flowId}` : "request";
  const account = o.sid ? ` (account ${o.sid}${o.request ? ` at ${o.request.origin}` : ""})` : "";
  const facts = [
    o.status !== undefined ? `HTTP ${o.status}` : undefined,
    o.code,
    o.kaleyraMessage ? JSON.stringify(o.kaleyraMessage) : undefined,
  ].filter(Boolean);
  const detail = facts.length > 0 ? `: ${facts.join(" ")}` : "";
  const cause = o.causeMessage ? ` (${o.causeMessage})` : "";
  const attempts = o.attempts && o.attempts > 1 ? ` after ${o.attempts} attempts` : "";
  return `Kaleyra ${subject}${account}: ${summary}${attempts}${detail}${cause}. ${hint}`;
}
