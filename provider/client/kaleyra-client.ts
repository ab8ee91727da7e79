import {
  ConfigurationError,
  errorFromResponse,
  InternalError,
  type KaleyraError,
  type KaleyraErrorFacts,
  NetworkError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from "../errors";
import { Redactor, rememberSecret } from "../redaction";
import { checkApiDomain } from "../rules/account";
import type { FlowStatus } from "../rules/flow-status";
import { quote } from "../text/quote";
import { isEnvelope, parseJson, snippetOf, SUCCESS_CODE, UnrecognisedResponse } from "./responses/body";
import { type FlowDetails, parseFlowDetails } from "./responses/flow-details";
import { type FlowPage, parseFlowPage } from "./responses/flow-page";
import { checkSucceeded } from "./responses/success";
import {
  type CreatedFlow,
  type FlowAssetPage,
  parseCreatedFlow,
  parseFlowAssetPage,
  parseUploadResult,
} from "./responses/flow-results";
import type { FlowValidationError } from "./responses/validation-errors";
import { checkDownloadUrl } from "./download-url";
import { type Limiter, limiterFor, QueueTimeoutError } from "./limiter";
import { type Clock, isRetryable, parseRetryAfter, retryDelayMs, type RetryPolicy, SYSTEM_CLOCK } from "./retry";
import { createFlowPath, deprecateFlowPath, flowAssetsPath, flowPath, publishFlowPath, wabaFlowsPath } from "./routes";
import {
  download,
  MAX_DOWNLOAD_BYTES,
  type HttpResponse,
  queryString,
  send,
  TransportFailure,
  USER_AGENT,
} from "./transport";

/** Everything the client needs to talk to one Kaleyra account. */
export interface ClientSettings extends RetryPolicy {
  /**
   * Origin of the API pod, e.g. `https://api.in.kaleyra.io`. Plain `http` only to this
   * machine (the emulator): anything else would send the key unencrypted, and is refused.
   */
  readonly apiDomain: string;
  /** Account SID. */
  readonly sid: string;
  /** API key, sent as the `api-key` header and nowhere else. */
  readonly apiKey: string;
  /**
   * Every other key the settings know (other accounts' keys, an old key): masked, like
   * `apiKey`, in anything taken from a response.
   */
  readonly otherSecrets?: readonly string[];
  /** Limit of one attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Limit of one call (queueing, attempts and backoff together), in milliseconds. */
  readonly deadlineMs: number;
  /** Requests in flight at once for this account, across every flow of the stack run. */
  readonly concurrency: number;
  /** Receives one line per attempt (method, path, status, code, time), redacted. */
  readonly log?: (line: string) => void;
  /** Time for deadlines and backoff; the system's by default (tests count attempts with a fake one). */
  readonly clock?: Clock;
}

/** The fields the Update Flow Metadata endpoint accepts, as Kaleyra spells them. */
export interface FlowMetadataBody {
  name?: string;
  endpoint_uri?: string;
  categories?: string[];
}

/** The fields `getFlow` and `listFlows` ask for: `id` too, so the response can be checked. */
export const FLOW_DETAIL_FIELDS = ["id", "name", "categories", "endpoint_uri", "status"] as const;

/**
 * The fields a Flow resource reads: the details, and its JSON's validation errors and version
 * (`validation_errors`: Meta's name; see responses/flow-details.ts for Kaleyra's).
 */
export const FLOW_RESOURCE_FIELDS = [...FLOW_DETAIL_FIELDS, "validation_errors", "json_version"] as const;

// Every read of a flow asks for these fields: the query is serialized once, not per request.
const DETAILS_QUERY = fieldsQuery(FLOW_DETAIL_FIELDS);

/** What Create Flow is sent, as Meta spells it. The Flow JSON goes afterwards, by Update Flow JSON. */
export interface CreateFlowBody {
  name: string;
  categories: string[];
  endpoint_uri?: string;
}

/** Options of {@link KaleyraClient.listFlows}. */
export interface ListFlowsOptions {
  /** The cursor of the page to read (from the previous page's `after`); the first page without. */
  readonly after?: string;
  /** Flows per page to ask for; Kaleyra's default when left out. */
  readonly limit?: number;
  /** The fields of each flow; default {@link FLOW_DETAIL_FIELDS}. */
  readonly fields?: readonly string[];
}

/** A request the client makes, and what it is about (for errors). */
interface CallSpec {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  /** Serialized by {@link queryString}. */
  readonly query?: string;
  readonly data?: string | Buffer;
  /** The body's content type; JSON when left out. */
  readonly contentType?: string;
  readonly about: Pick<KaleyraErrorFacts, "flowId" | "wabaId">;
}

/** A successful exchange: the parsed, redacted body and how it came. */
interface Received {
  readonly body: unknown;
  readonly status: number;
  readonly contentType?: string;
  readonly facts: KaleyraErrorFacts;
}

/**
 * Kaleyra's WhatsApp Flow endpoints for one account: Update Flow Metadata
 * (`POST /v2/<sid>/whatsapp/<flow_id>`), Get Flow Details (`GET` on the same path) and Get
 * Flows by WABA ID (`GET /v2/<sid>/whatsapp/<waba_id>/flows`).
 *
 * Each call waits for a slot of the account's limiter and retries what client/retry.ts says is
 * worth retrying, with exponential backoff and full jitter (Retry-After honoured up to a cap),
 * until one deadline that also bounds the wait in the queue. Every response is redacted (the
 * key in use and every other known key, raw, URL- and JSON-encoded) before it is read, so
 * errors, log lines and results are built from a copy that holds no key.
 * Failures are thrown as {@link KaleyraError} subclasses built from the redacted facts alone.
 */
export class KaleyraClient {
  readonly #apiKey: string;
  readonly #redactor: Redactor;
  /** The account's limiter, shared with every other client of the same account in this process. */
  readonly #limiter: Limiter;
  private readonly settings: Omit<ClientSettings, "apiKey" | "otherSecrets" | "clock">;
  private readonly clock: Clock;

  /** @throws ConfigurationError when `apiDomain` is not an https origin (or http to this machine). */
  constructor(settings: ClientSettings) {
    const { apiKey, otherSecrets = [], clock = SYSTEM_CLOCK, ...rest } = settings;
    const origin = checkApiDomain(rest.apiDomain, "apiDomain");
    if (!origin.ok) {
      throw new ConfigurationError("apiDomain", "the API domain cannot be used", origin.reason, { sid: rest.sid });
    }
    this.#apiKey = apiKey;
    const secrets = [apiKey, ...otherSecrets];
    this.#redactor = new Redactor(secrets);
    for (const secret of secrets) rememberSecret(secret);
    this.settings = { ...rest, apiDomain: origin.value };
    this.#limiter = limiterFor(`${origin.value} ${rest.sid}`, rest.concurrency);
    this.clock = clock;
  }

  /**
   * Sends the given metadata fields of one flow. Resolves only on a recognised success
   * (Kaleyra's WA200 with `data.success: true`, or Meta's `{success: true}`).
   */
  async updateFlowMetadata(flowId: string, body: FlowMetadataBody): Promise<void> {
    const path = flowPath(this.settings.sid, flowId);
    const response = await this.call({ method: "POST", path, data: JSON.stringify(body), about: { flowId } });
    this.read(response, checkSucceeded);
  }

  /**
   * Create Flow in a WhatsApp Business Account (path: an inference, see routes.ts). Sent
   * without the Flow JSON, which goes by Update Flow JSON, a documented Kaleyra endpoint.
   * Not retried on a failure after sending: a retry could make a second flow.
   */
  async createFlow(wabaId: string, body: CreateFlowBody): Promise<CreatedFlow> {
    const path = createFlowPath(this.settings.sid, wabaId);
    const response = await this.call({ method: "POST", path, data: JSON.stringify(body), about: { wabaId } }, false);
    return this.read(response, parseCreatedFlow);
  }

  /**
   * Update Flow JSON: uploads `json` as the flow's `flow.json` (multipart form-data: `file`,
   * `name=flow.json`, `asset_type=FLOW_JSON`). Resolves with Meta's validation errors (none
   * when the list is empty): the JSON is stored either way.
   */
  async uploadFlowJson(flowId: string, json: string): Promise<readonly FlowValidationError[]> {
    const form = new FormData();
    form.append("file", new Blob([json], { type: "application/json" }), "flow.json");
    form.append("name", "flow.json");
    form.append("asset_type", "FLOW_JSON");
    // The platform's own encoder writes the body and its boundary.
    const encoded = new Response(form);
    const data = Buffer.from(await encoded.arrayBuffer());
    const contentType = encoded.headers.get("content-type") ?? undefined;
    const path = flowAssetsPath(this.settings.sid, flowId);
    const response = await this.call({ method: "POST", path, data, contentType, about: { flowId } });
    return this.read(response, parseUploadResult);
  }

  /** Reads one page of Get Flow Assets. */
  async getFlowAssets(flowId: string, after?: string): Promise<FlowAssetPage> {
    const path = flowAssetsPath(this.settings.sid, flowId);
    const query = after === undefined ? undefined : queryString({ after });
    const response = await this.call({ method: "GET", path, query, about: { flowId } });
    return this.read(response, parseFlowAssetPage);
  }

  /**
   * Downloads an asset from the `download_url` Get Flow Assets named: https, or plain http to
   * this machine only; no API key, no header; a redirect is refused, never followed; at most
   * {@link MAX_DOWNLOAD_BYTES}. Resolves with the body as text.
   */
  async downloadAsset(flowId: string, downloadUrl: string): Promise<string> {
    const facts: KaleyraErrorFacts = { flowId, sid: this.settings.sid };
    const checked = checkDownloadUrl(downloadUrl);
    if (!checked.ok) {
      const reason = `the asset's download_url ${checked.reason}`;
      throw new UnexpectedResponseError({ ...facts, reason, bodySnippet: "(the URL is not shown: it may be signed)" });
    }
    const url = checked.value;
    // The URL's host is not Kaleyra's: errors name it by origin only, never its path or query (which may be signed).
    const about = { ...facts, request: { method: "GET", origin: url.origin, path: "(download_url)" } };
    let response: HttpResponse;
    try {
      response = await download(url, this.settings.timeoutMs);
    } catch (error) {
      const cause = this.safeMessage(error);
      throw transportFailure(error, cause, about, {
        limit: "attempt",
        deadlineMs: this.settings.deadlineMs,
        timeoutMs: this.settings.timeoutMs,
      });
    }
    if (response.status < 200 || response.status > 299) {
      const redirect = response.status >= 300 && response.status < 400;
      throw new UnexpectedResponseError({
        ...about,
        status: response.status,
        contentType: this.redactedHeader(response, "content-type"),
        bodySnippet: snippetOf(this.#redactor.text(response.body)),
        reason: redirect
          ? "the asset's download URL answered with a redirect, which is never followed"
          : "the asset's download URL did not answer with the asset",
      });
    }
    return this.#redactor.text(response.body);
  }

  /** Publish: the flow becomes PUBLISHED (cannot be undone; it can then only be deprecated). */
  async publishFlow(flowId: string): Promise<void> {
    const response = await this.call({
      method: "POST",
      path: publishFlowPath(this.settings.sid, flowId),
      about: { flowId },
    });
    this.read(response, checkSucceeded);
  }

  /** Deprecate: the flow becomes DEPRECATED (cannot be undone). */
  async deprecateFlow(flowId: string): Promise<void> {
    const path = deprecateFlowPath(this.settings.sid, flowId);
    const response = await this.call({ method: "POST", path, about: { flowId } });
    this.read(response, checkSucceeded);
  }

  /** Delete: removes a DRAFT flow. */
  async deleteFlow(flowId: string): Promise<void> {
    const response = await this.call({
      method: "DELETE",
      path: flowPath(this.settings.sid, flowId),
      about: { flowId },
    });
    this.read(response, checkSucceeded);
  }

  /** Reads one flow's details; the response must be about this flow and carry its status. */
  async getFlow(flowId: string, fields: readonly string[] = FLOW_DETAIL_FIELDS): Promise<FlowDetails> {
    const query = fields === FLOW_DETAIL_FIELDS ? DETAILS_QUERY : fieldsQuery(fields);
    const response = await this.call({
      method: "GET",
      path: flowPath(this.settings.sid, flowId),
      query,
      about: { flowId },
    });
    return this.read(response, (body) => parseFlowDetails(body, flowId));
  }

  /**
   * Reads one page of a WhatsApp Business Account's flows. Follow `after` until it is
   * undefined to read them all; this client never requests a `paging.next` URL.
   */
  async listFlows(wabaId: string, options: ListFlowsOptions = {}): Promise<FlowPage> {
    const query: Record<string, string> = { fields: withId(options.fields ?? FLOW_DETAIL_FIELDS).join(",") };
    if (options.limit !== undefined) query.limit = String(options.limit);
    if (options.after !== undefined) query.after = options.after;
    const path = wabaFlowsPath(this.settings.sid, wabaId);
    const response = await this.call({ method: "GET", path, query: queryString(query), about: { wabaId } });
    return this.read(response, parseFlowPage);
  }

  /** Reads a response with `parse`; a response it does not recognise becomes an error. */
  private read<T>(response: Received, parse: (body: unknown) => T): T {
    try {
      return parse(response.body);
    } catch (error) {
      if (!(error instanceof UnrecognisedResponse)) throw error;
      const { facts, status, contentType, body } = response;
      throw new UnexpectedResponseError({
        ...facts,
        status,
        contentType,
        bodySnippet: snippetOf(body),
        reason: error.reason,
      });
    }
  }

  /**
   * One call: attempts until one succeeds, a failure is not worth retrying (client/retry.ts),
   * `maxRetries` is reached, or the deadline leaves no room for the next backoff.
   */
  private async call(spec: CallSpec, retrySent = true): Promise<Received> {
    const { deadlineMs, maxRetries, apiDomain, sid } = this.settings;
    const { clock } = this;
    const limiter = this.#limiter;
    const context: KaleyraErrorFacts = {
      ...spec.about,
      sid,
      request: { method: spec.method, path: spec.path, origin: apiDomain },
    };
    // The deadline is a point in time: the queue wait, each attempt's timer and each backoff
    // are cut to what is left of it.
    const deadlineAt = clock.now() + deadlineMs;
    let queuedMs = 0;
    for (let attempt = 1; ; attempt++) {
      const facts = { ...context, attempts: attempt };
      let outcome: Outcome;
      const waitStarted = clock.now();
      try {
        outcome = await limiter.run(() => {
          queuedMs += clock.now() - waitStarted;
          return this.attempt(spec, deadlineAt, facts);
        }, deadlineAt - waitStarted);
      } catch (error) {
        if (error instanceof QueueTimeoutError) {
          queuedMs += clock.now() - waitStarted;
          throw new TimeoutError({ ...facts, limit: "deadline", limitMs: deadlineMs, queuedMs });
        }
        // attempt() turns every failure into an outcome, so only a bug lands here. Its
        // message is kept, redacted; the object (which may hold request config) is not.
        throw new InternalError({ ...facts, causeMessage: this.safeMessage(error) });
      }
      if (outcome.ok) return outcome.response;

      const error = outcome.error;
      if (!isRetryable(error) || attempt > maxRetries) throw error;
      // A call that must not run twice is retried only when the request surely never arrived.
      if (!retrySent && !neverArrived(error)) throw error;
      const delay = retryDelayMs(attempt, this.settings, outcome.retryAfterMs, clock.random);
      if (clock.now() + delay >= deadlineAt) throw error;
      await clock.sleep(delay);
    }
  }

  /** One HTTP exchange. Never throws: every failure becomes a typed error in the outcome. */
  private async attempt(spec: CallSpec, deadlineAt: number, facts: KaleyraErrorFacts): Promise<Outcome> {
    const { apiDomain, timeoutMs, log, deadlineMs } = this.settings;
    const { method, path } = spec;
    const left = deadlineAt - this.clock.now();
    if (left <= 0) return { ok: false, error: new TimeoutError({ ...facts, limit: "deadline", limitMs: deadlineMs }) };
    // One limit for whichever comes first: this attempt's timeout or the call's deadline.
    const limit: "attempt" | "deadline" = left < timeoutMs ? "deadline" : "attempt";
    const began = this.clock.now();
    const took = () => `in ${this.clock.now() - began}ms, attempt ${facts.attempts}`;
    let response: HttpResponse;
    try {
      const { query, data, contentType } = spec;
      const exchange = { method, origin: apiDomain, path, query, data, contentType, apiKey: this.#apiKey };
      response = await send({ ...exchange, timeoutMs: Math.min(left, timeoutMs) });
    } catch (error) {
      const cause = this.safeMessage(error);
      const failure = transportFailure(error, cause, facts, { limit, deadlineMs, timeoutMs });
      log?.(`kaleyra ${method} ${path} -> ${failure.name} (${cause}) ${took()}`);
      return { ok: false, error: failure };
    }

    // Redaction at the source: everything below reads only the redacted copy. The raw text
    // first (keys echoed in HTML or plain text), then every string of the parsed JSON (keys
    // written with \u escapes only appear once parsed).
    const text = this.#redactor.text(response.body);
    const parsed = parseJson(text);
    const body = parsed.ok ? this.#redactor.value(parsed.value, text) : text;
    const contentType = this.redactedHeader(response, "content-type");
    const retryAfter = this.redactedHeader(response, "retry-after");
    const code = isEnvelope(body) ? body.code : undefined;
    log?.(`kaleyra ${method} ${path} -> ${response.status} ${code === undefined ? "-" : showCode(code)} ${took()}`);

    const withStatus = { ...facts, status: response.status };
    if (!parsed.ok) {
      return {
        ok: false,
        error: new UnexpectedResponseError({ ...withStatus, contentType, bodySnippet: snippetOf(text) }),
      };
    }
    if (response.status >= 200 && response.status < 300 && (code === undefined || code === SUCCESS_CODE)) {
      return { ok: true, response: { body, status: response.status, contentType, facts } };
    }
    const retryAfterMs = parseRetryAfter(retryAfter, this.clock.now());
    return { ok: false, error: errorFromResponse({ ...withStatus, body, retryAfterMs }), retryAfterMs };
  }

  private redactedHeader(response: HttpResponse, name: string): string | undefined {
    const value: unknown = response.headers[name];
    return value === undefined || value === null ? undefined : this.#redactor.text(String(value));
  }

  /** An error's own message only (never its config, request or response), redacted and cut. */
  private safeMessage(error: unknown): string {
    const own = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
    const message = typeof own === "string" ? own : String(error);
    return this.#redactor.text(message).replace(/\s+/g, " ").slice(0, 200);
  }

  /** Never shows its settings, however the client is logged. */
  toJSON(): Record<string, unknown> {
    return { client: "KaleyraClient", sid: this.settings.sid, apiDomain: this.settings.apiDomain };
  }
}

type Outcome = { ok: true; response: Received } | { ok: false; error: KaleyraError; retryAfterMs?: number };

/**
 * True when a failed attempt surely never reached Kaleyra's application: a rate limit refuses
 * before acting, and a connection that was refused never carried the request. A timeout, a
 * reset or a 5xx may come after the flow was made.
 */
function neverArrived(error: KaleyraError): boolean {
  if (error instanceof RateLimitError) return true;
  return error instanceof NetworkError && (error.errno === "ECONNREFUSED" || error.errno === "ENOTFOUND");
}

/** `fields` with `id` first: the response's id is how it is checked to be about the right flow. */
function withId(fields: readonly string[]): string[] {
  return fields.includes("id") ? [...fields] : ["id", ...fields];
}

/** The query of a Get Flow Details asking for `fields` (and `id`). */
function fieldsQuery(fields: readonly string[]): string {
  return queryString({ fields: withId(fields).join(",") });
}

/** A response's code as a log line shows it: as is when it looks like a code, else quoted. */
function showCode(code: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(code) ? code : quote(code, 40);
}

/**
 * Turns a failure of the transport into a typed error. Anything but a {@link TransportFailure}
 * came from this package's own code: a bug, not the network.
 */
function transportFailure(
  error: unknown,
  cause: string,
  facts: KaleyraErrorFacts,
  limits: { limit: "attempt" | "deadline"; deadlineMs: number; timeoutMs: number },
): KaleyraError {
  if (!(error instanceof TransportFailure)) return new InternalError({ ...facts, causeMessage: cause });
  if (error.timedOut && limits.limit === "deadline") {
    return new TimeoutError({ ...facts, limit: "deadline", limitMs: limits.deadlineMs });
  }
  if (error.timedOut || error.code === "ETIMEDOUT") {
    return new TimeoutError({ ...facts, limit: "attempt", limitMs: limits.timeoutMs });
  }
  return new NetworkError({ ...facts, errno: error.code, causeMessage: cause });
}

export type { FlowDetails, FlowPage, FlowStatus, Clock, CreatedFlow, FlowAssetPage, FlowValidationError };
export { USER_AGENT, MAX_DOWNLOAD_BYTES };
