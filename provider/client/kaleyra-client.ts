import type { AxiosResponse } from "axios";
import {
  ConfigurationError,
  errorFromResponse,
  KaleyraError,
  KaleyraErrorFacts,
  NetworkError,
  Redactor,
  redactorFor,
  rememberSecret,
  TimeoutError,
  UnexpectedResponseError,
} from "../errors";
import type { FlowStatus } from "../flow-status";
import { checkApiDomain } from "../rules/account";
import { quote } from "../text/quote";
import { FlowDetails, parseFlowDetails } from "./answers/flow-details";
import { FlowPage, parseFlowPage } from "./answers/flow-page";
import { isEnvelope, parseJson, snippetOf, SUCCESS_CODE, UnrecognisedAnswer } from "./answers/json";
import { checkUpdateSucceeded } from "./answers/update-result";
import { limiterFor, QueueTimeoutError } from "./limiter";
import { parseRetryAfter, retryDelayMs, RetryPolicy, sleep } from "./retry";
import { send, USER_AGENT } from "./transport";

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
}

/** The fields the Update Flow Metadata endpoint accepts, as Kaleyra spells them. */
export interface FlowMetadataBody {
  name?: string;
  endpoint_uri?: string;
  categories?: string[];
}

/** The fields `getFlow` and `listFlows` ask for: `id` too, so the answer can be checked. */
export const FLOW_DETAIL_FIELDS = ["id", "name", "categories", "endpoint_uri", "status"] as const;

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
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly data?: string;
  readonly about: Pick<KaleyraErrorFacts, "flowId" | "wabaId">;
}

/** A successful exchange: the parsed, redacted body and how it came. */
interface Answer {
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
 * Each call waits for a slot of the account's limiter, retries network errors, timeouts, 5xx
 * and 429 with exponential backoff and full jitter (Retry-After honoured up to a cap), never
 * 400 or 401, all within one deadline that also bounds the wait in the queue. Every answer
 * is redacted (the key in use and every other known key, raw, URL- and JSON-encoded) before
 * it is read, so errors, log lines and results are built from a copy that holds no key.
 * Failures are thrown as {@link KaleyraError} subclasses; an axios error never leaves this
 * class, since axios errors carry the request config and with it the `api-key` header.
 */
export class KaleyraClient {
  readonly #apiKey: string;
  readonly #redactor: Redactor;
  private readonly settings: Omit<ClientSettings, "apiKey" | "otherSecrets">;

  /** @throws ConfigurationError when `apiDomain` is not an https origin (or http to this machine). */
  constructor(settings: ClientSettings) {
    const { apiKey, otherSecrets = [], ...rest } = settings;
    const origin = checkedOrigin(rest.apiDomain);
    if (!origin.ok) throw new ConfigurationError("apiDomain", "the API domain cannot be used", origin.reason, { sid: rest.sid });
    this.#apiKey = apiKey;
    const secrets = [apiKey, ...otherSecrets];
    this.#redactor = redactorFor(secrets);
    for (const secret of secrets) rememberSecret(secret);
    this.settings = { ...rest, apiDomain: origin.value };
  }

  /**
   * Sends the given metadata fields of one flow. Resolves only on a recognised success
   * (Kaleyra's WA200 with `data.success: true`, or Meta's `{success: true}`).
   */
  async updateFlowMetadata(flowId: string, body: FlowMetadataBody): Promise<void> {
    const answer = await this.call({ method: "POST", path: this.flowPath(flowId), data: JSON.stringify(body), about: { flowId } });
    this.interpret(answer, checkUpdateSucceeded);
  }

  /** Reads one flow's details; the answer must be about this flow and carry its status. */
  async getFlow(flowId: string, fields: readonly string[] = FLOW_DETAIL_FIELDS): Promise<FlowDetails> {
    const answer = await this.call({ method: "GET", path: this.flowPath(flowId), query: { fields: withId(fields).join(",") }, about: { flowId } });
    return this.interpret(answer, (body) => parseFlowDetails(body, flowId));
  }

  /**
   * Reads one page of a WhatsApp Business Account's flows. Follow `after` until it is
   * undefined to read them all; this client never requests a `paging.next` URL.
   */
  async listFlows(wabaId: string, options: ListFlowsOptions = {}): Promise<FlowPage> {
    const query: Record<string, string> = { fields: withId(options.fields ?? FLOW_DETAIL_FIELDS).join(",") };
    if (options.limit !== undefined) query.limit = String(options.limit);
    if (options.after !== undefined) query.after = options.after;
    const path = `/v2/${encodeURIComponent(this.settings.sid)}/whatsapp/${encodeURIComponent(wabaId)}/flows`;
    const answer = await this.call({ method: "GET", path, query, about: { wabaId } });
    return this.interpret(answer, parseFlowPage);
  }

  private flowPath(flowId: string): string {
    return `/v2/${encodeURIComponent(this.settings.sid)}/whatsapp/${encodeURIComponent(flowId)}`;
  }

  /** Reads an answer with `parse`; an answer it does not recognise becomes an error. */
  private interpret<T>(answer: Answer, parse: (body: unknown) => T): T {
    try {
      return parse(answer.body);
    } catch (error) {
      if (!(error instanceof UnrecognisedAnswer)) throw error;
      throw new UnexpectedResponseError({ ...answer.facts, status: answer.status, contentType: answer.contentType, bodySnippet: snippetOf(answer.body), reason: error.reason });
    }
  }

  private async call(spec: CallSpec): Promise<Answer> {
    const { deadlineMs, maxRetries, concurrency, apiDomain, sid } = this.settings;
    const context: KaleyraErrorFacts = { ...spec.about, sid, request: { method: spec.method, path: spec.path, origin: apiDomain } };
    const limiter = limiterFor(`${apiDomain} ${sid}`, concurrency);
    // The deadline is a point in time, not a timer: the queue wait, each attempt's timer and
    // each backoff are cut to what is left of it. One timer and one AbortController per
    // attempt is all a call costs (bench P4, recorded in bench/RESULTS.md).
    const deadlineAt = Date.now() + deadlineMs;
    let queuedMs = 0;
    for (let attempt = 1; ; attempt++) {
      const facts = { ...context, attempts: attempt };
      let outcome: Outcome;
      const waitStarted = Date.now();
      try {
        outcome = await limiter.run(() => {
          queuedMs += Date.now() - waitStarted;
          return this.attempt(spec, deadlineAt, facts);
        }, deadlineAt - waitStarted);
      } catch (error) {
        if (error instanceof QueueTimeoutError) {
          queuedMs += Date.now() - waitStarted;
          throw new TimeoutError({ ...facts, limit: "deadline", limitMs: deadlineMs, queuedMs });
        }
        // Only a bug could land here (attempt() converts every failure); never let an
        // unknown object, possibly holding request config, escape as it is.
        throw new NetworkError({ ...facts, causeMessage: this.safeMessage(error) }, "the request failed unexpectedly");
      }
      if (outcome.ok) return outcome.answer;

      const error = outcome.error;
      if (!error.retryable || attempt > maxRetries) throw error;
      const delay = retryDelayMs(attempt, this.settings, outcome.retryAfterMs);
      if (Date.now() + delay >= deadlineAt) throw error;
      await sleep(delay);
    }
  }

  /** One HTTP exchange. Never throws: every failure becomes a typed error in the outcome. */
  private async attempt(spec: CallSpec, deadlineAt: number, facts: KaleyraErrorFacts): Promise<Outcome> {
    const { apiDomain, timeoutMs, log, deadlineMs } = this.settings;
    const { method, path } = spec;
    const left = deadlineAt - Date.now();
    if (left <= 0) return { ok: false, error: new TimeoutError({ ...facts, limit: "deadline", limitMs: deadlineMs }) };
    // One timer for whichever comes first: this attempt's limit or the call's deadline.
    const limit: "attempt" | "deadline" = left < timeoutMs ? "deadline" : "attempt";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, Math.min(left, timeoutMs));
    const began = Date.now();
    let response: AxiosResponse<string>;
    try {
      response = await send({ method, origin: apiDomain, path, query: spec.query, data: spec.data, apiKey: this.#apiKey, signal: controller.signal });
    } catch (error) {
      const cause = this.safeMessage(error);
      const failure = transportFailure(error, cause, facts, { timedOut: timedOut ? limit : undefined, deadlineMs, timeoutMs });
      log?.(`kaleyra ${method} ${path} -> ${failure.name} (${cause}) in ${Date.now() - began}ms, attempt ${facts.attempts}`);
      return { ok: false, error: failure };
    } finally {
      clearTimeout(timer);
    }

    // Redaction at the source: everything below reads only the redacted copy. The raw text
    // first (keys echoed in HTML or plain text), then every string of the parsed JSON (keys
    // written with \u escapes only appear once parsed).
    const text = this.#redactor.text(String(response.data ?? ""));
    const parsed = parseJson(text);
    const body = parsed.ok ? this.#redactor.value(parsed.value, text) : text;
    const contentType = response.headers["content-type"] ? this.#redactor.text(String(response.headers["content-type"])) : undefined;
    const retryAfter = response.headers["retry-after"] !== undefined ? this.#redactor.text(String(response.headers["retry-after"])) : undefined;
    const code = isEnvelope(body) ? body.code : undefined;
    log?.(`kaleyra ${method} ${path} -> ${response.status} ${code === undefined ? "-" : showCode(code)} in ${Date.now() - began}ms, attempt ${facts.attempts}`);

    const answered = { ...facts, status: response.status };
    if (!parsed.ok) {
      return { ok: false, error: new UnexpectedResponseError({ ...answered, contentType, bodySnippet: snippetOf(text) }) };
    }
    if (response.status >= 200 && response.status < 300 && (code === undefined || code === SUCCESS_CODE)) {
      return { ok: true, answer: { body, status: response.status, contentType, facts } };
    }
    const retryAfterMs = parseRetryAfter(retryAfter);
    return { ok: false, error: errorFromResponse({ ...answered, body, retryAfterMs }), retryAfterMs };
  }

  /** An error's own message only (never its config, request or response), redacted and cut. */
  private safeMessage(error: unknown): string {
    const message = typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string" ? (error as { message: string }).message : String(error);
    return this.#redactor.text(message).replace(/\s+/g, " ").slice(0, 200);
  }

  /** Never shows its settings, however the client is logged. */
  toJSON(): Record<string, unknown> {
    return { client: "KaleyraClient", sid: this.settings.sid, apiDomain: this.settings.apiDomain };
  }
}

const origins = new Map<string, ReturnType<typeof checkApiDomain>>();

/**
 * The API domain checked once per distinct value in this process: the provider makes a
 * client per call, and parsing the same origin for each is measurable (bench P4, in
 * bench/RESULTS.md).
 */
function checkedOrigin(apiDomain: string): ReturnType<typeof checkApiDomain> {
  let checked = origins.get(apiDomain);
  if (!checked) {
    if (origins.size > 64) origins.clear();
    checked = checkApiDomain(apiDomain, "apiDomain");
    origins.set(apiDomain, checked);
  }
  return checked;
}

type Outcome = { ok: true; answer: Answer } | { ok: false; error: KaleyraError; retryAfterMs?: number };

/** `fields` with `id` first: the answer's id is how it is checked to be about the right flow. */
function withId(fields: readonly string[]): string[] {
  return fields.includes("id") ? [...fields] : ["id", ...fields];
}

/** A response's code as a log line shows it: as is when it looks like a code, else quoted. */
function showCode(code: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(code) ? code : quote(code, 40);
}

/** Turns an axios/transport error into a typed error holding no part of the request config. */
function transportFailure(
  error: unknown,
  cause: string,
  facts: KaleyraErrorFacts,
  limits: { timedOut: "attempt" | "deadline" | undefined; deadlineMs: number; timeoutMs: number },
): KaleyraError {
  const code = typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : undefined;
  if (limits.timedOut === "deadline") return new TimeoutError({ ...facts, limit: "deadline", limitMs: limits.deadlineMs });
  if (limits.timedOut === "attempt" || code === "ECONNABORTED" || code === "ETIMEDOUT") {
    return new TimeoutError({ ...facts, limit: "attempt", limitMs: limits.timeoutMs });
  }
  return new NetworkError({ ...facts, errno: code, causeMessage: cause });
}

export type { FlowDetails, FlowPage, FlowStatus };
export { USER_AGENT };
