import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosResponse } from "axios";
import {
  errorFromResponse,
  redact,
  KaleyraError,
  KaleyraErrorOptions,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from "../errors";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version";
import { limiterFor } from "./limiter";
import { parseFlowDetails, FlowDetails, parseJson } from "./response";
import { parseRetryAfter, retryDelayMs, RetryPolicy, sleep } from "./retry";

/** Everything the client needs to talk to one Kaleyra account. */
export interface ClientSettings extends RetryPolicy {
  /** Origin of the API pod, e.g. `https://api.in.kaleyra.io` or `http://127.0.0.1:4010`. */
  readonly apiDomain: string;
  /** Account SID. */
  readonly sid: string;
  /** API key, sent as the `api-key` header and nowhere else. */
  readonly apiKey: string;
  /** Limit of one attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Limit of all attempts of one call together, backoff included, in milliseconds. */
  readonly deadlineMs: number;
  /** Requests in flight at once for this account, across every flow of the stack run. */
  readonly concurrency: number;
  /** Receives one line per attempt (method, path, status, code, time). Never the key. */
  readonly log?: (line: string) => void;
}

/** The fields the Update Flow Metadata endpoint accepts, as Kaleyra spells them. */
export interface FlowMetadataBody {
  name?: string;
  endpoint_uri?: string;
  categories?: string[];
}

/** The fields `getFlow` asks for by default. */
export const FLOW_DETAIL_FIELDS = ["name", "categories", "endpoint_uri", "status"] as const;

/** The User-Agent header: this package and its version, and the Node version. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION} (node ${process.version})`;

// One axios instance for the process, holding everything that is the same for every
// request (merging it into each request's config is most of axios's cost per request), with
// keep-alive agents: one TCP/TLS handshake per socket, not per flow. The limiter, not the
// agent, bounds concurrency. It holds no credentials: the key goes on each request.
const transport = axios.create({
  responseType: "text",
  transformResponse: [(raw: string) => raw],
  validateStatus: () => true,
  maxRedirects: 0,
  maxContentLength: 1024 * 1024,
  httpAgent: new http.Agent({ keepAlive: true }),
  httpsAgent: new https.Agent({ keepAlive: true }),
});

/**
 * Kaleyra's WhatsApp Flow endpoints for one account: Update Flow Metadata
 * (`POST /v2/<sid>/whatsapp/<flow_id>`) and flow details (`GET` on the same path).
 *
 * Each call retries network errors, timeouts, 5xx and 429 with exponential backoff and full
 * jitter (Retry-After honoured up to a cap), never 400 or 401, within an overall deadline;
 * and waits for a slot of the account's limiter before each attempt. Failures are thrown as
 * {@link KaleyraError} subclasses; an axios error never leaves this class, since axios
 * errors carry the request config and with it the `api-key` header.
 */
export class KaleyraClient {
  readonly #apiKey: string;
  private readonly settings: Omit<ClientSettings, "apiKey">;

  constructor(settings: ClientSettings) {
    const { apiKey, ...rest } = settings;
    this.#apiKey = apiKey;
    this.settings = rest;
  }

  /** Sends the given metadata fields of one flow. Resolves when Kaleyra answers WA200. */
  async updateFlowMetadata(flowId: string, body: FlowMetadataBody): Promise<void> {
    await this.call("POST", flowId, undefined, JSON.stringify(body));
  }

  /** Reads one flow's details (`fields` defaults to name, categories, endpoint_uri, status). */
  async getFlow(flowId: string, fields: readonly string[] = FLOW_DETAIL_FIELDS): Promise<FlowDetails> {
    const body = await this.call("GET", flowId, { fields: fields.join(",") });
    return parseFlowDetails(body, flowId);
  }

  private async call(method: "GET" | "POST", flowId: string, query?: Record<string, string>, data?: string): Promise<unknown> {
    const { deadlineMs, maxRetries, concurrency, apiDomain, sid } = this.settings;
    const path = `/v2/${encodeURIComponent(sid)}/whatsapp/${encodeURIComponent(flowId)}`;
    const context: KaleyraErrorOptions = { flowId, sid, request: { method, path, origin: apiDomain } };
    const limiter = limiterFor(`${apiDomain} ${sid}`, concurrency);
    // One timer for the whole call and a plain AbortController per attempt, rather than
    // AbortSignal.timeout/any per attempt: about 8% less CPU per request (bench P4).
    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => deadline.abort(), deadlineMs);
    const started = Date.now();
    try {
      for (let attempt = 1; ; attempt++) {
        let outcome: Outcome;
        try {
          outcome = await limiter.run(() => this.attempt(method, path, query, data, deadline.signal, { ...context, attempts: attempt }));
        } catch (error) {
          // Only a bug could land here (attempt() converts every failure); never let an
          // unknown object, possibly holding request config, escape as it is.
          throw new NetworkError({ ...context, attempts: attempt, causeMessage: this.safeMessage(error) }, "the request failed unexpectedly");
        }
        if (outcome.ok) return outcome.body;

        const error = outcome.error;
        if (!error.retryable || attempt > maxRetries) throw error;
        const delay = retryDelayMs(attempt, this.settings, outcome.retryAfterMs);
        if (Date.now() - started + delay >= deadlineMs) throw error;
        try {
          await sleep(delay, deadline.signal);
        } catch {
          throw error;
        }
      }
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  /** One HTTP exchange. Never throws: every failure becomes a typed error in the outcome. */
  private async attempt(
    method: "GET" | "POST",
    path: string,
    query: Record<string, string> | undefined,
    data: string | undefined,
    deadline: AbortSignal,
    context: KaleyraErrorOptions,
  ): Promise<Outcome> {
    const { apiDomain, timeoutMs, log } = this.settings;
    if (deadline.aborted) {
      return { ok: false, error: new TimeoutError({ ...context, limit: "deadline", limitMs: this.settings.deadlineMs }) };
    }
    const controller = new AbortController();
    let attemptTimedOut = false;
    const attemptTimer = setTimeout(() => {
      attemptTimedOut = true;
      controller.abort();
    }, timeoutMs);
    const onDeadline = () => controller.abort();
    deadline.addEventListener("abort", onDeadline, { once: true });
    const began = Date.now();
    let response: AxiosResponse<string>;
    try {
      response = await transport.request<string>({
        method,
        baseURL: apiDomain,
        url: path,
        params: query,
        data,
        headers: {
          "api-key": this.#apiKey,
          accept: "application/json",
          "user-agent": USER_AGENT,
          ...(data !== undefined ? { "content-type": "application/json" } : {}),
        },
        signal: controller.signal,
      });
    } catch (error) {
      const cause = this.safeMessage(error);
      const failure = transportFailure(error, cause, context, { attemptTimedOut, deadlineMs: this.settings.deadlineMs, timeoutMs });
      log?.(`kaleyra ${method} ${path} -> ${failure.name} (${cause}) in ${Date.now() - began}ms, attempt ${context.attempts}`);
      return { ok: false, error: failure };
    } finally {
      clearTimeout(attemptTimer);
      deadline.removeEventListener("abort", onDeadline);
    }

    const parsed = parseJson(response.data);
    const value = parsed.ok ? parsed.value : undefined;
    const envelopeCode = isObject(value) && typeof value.code === "string" ? value.code : undefined;
    log?.(`kaleyra ${method} ${path} -> ${response.status} ${envelopeCode ?? "-"} in ${Date.now() - began}ms, attempt ${context.attempts}`);

    const contentType = String(response.headers["content-type"] ?? "") || undefined;
    if (!parsed.ok) {
      return {
        ok: false,
        error: new UnexpectedResponseError({ ...context, status: response.status, contentType, bodySnippet: snippet(response.data) }),
      };
    }
    const succeeded = response.status >= 200 && response.status < 300 && (envelopeCode === undefined || envelopeCode === "WA200");
    if (succeeded) return { ok: true, body: value };

    const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
    const error = errorFromResponse({ ...context, status: response.status, body: value, retryAfterMs });
    return { ok: false, error, retryAfterMs };
  }

  /** An error's own message only (never its config, request or response), key masked. */
  private safeMessage(error: unknown): string {
    const message = isObject(error) && typeof error.message === "string" ? error.message : String(error);
    return redact(message, [this.#apiKey]).slice(0, 200);
  }
}

type Outcome = { ok: true; body: unknown } | { ok: false; error: KaleyraError; retryAfterMs?: number };

/** Turns an axios/transport error into a typed error holding no part of the request config. */
function transportFailure(
  error: unknown,
  cause: string,
  context: KaleyraErrorOptions,
  limits: { attemptTimedOut: boolean; deadlineMs: number; timeoutMs: number },
): KaleyraError {
  const code = isObject(error) && typeof error.code === "string" ? error.code : undefined;
  if (code === "ERR_CANCELED" || code === "ECONNABORTED" || code === "ETIMEDOUT") {
    return limits.attemptTimedOut || code !== "ERR_CANCELED"
      ? new TimeoutError({ ...context, limit: "attempt", limitMs: limits.timeoutMs })
      : new TimeoutError({ ...context, limit: "deadline", limitMs: limits.deadlineMs });
  }
  return new NetworkError({ ...context, errno: code, causeMessage: cause });
}

function snippet(body: unknown): string {
  return String(body ?? "").replace(/\s+/g, " ").trim().slice(0, 120);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
