/**
 * Fault injection: rules that make `/v2` requests (and asset downloads) slow or fail the
 * ways real networks and real APIs do, so a client's timeouts, retries and error handling
 * can be tested.
 *
 * Rules are checked after the request body is read and before authentication, like a
 * proxy or an overloaded front end would fail a request without looking at it.
 */
import { Checker, field, isObject, show } from "./check";
import { ECHO_SHAPES, EchoShape } from "./echo";
import { Endpoint, ENDPOINTS, isFlowId, isWabaId } from "./vocabulary";

/** What a rule does to a matching request. */
export type FaultType =
  | "latency"
  | "error500"
  | "rateLimit"
  | "reset"
  | "lostAnswer"
  | "hang"
  | "html502"
  | "echo"
  | "redirect"
  | "oversized"
  | "expired"
  | "notJson";

/** Every {@link FaultType}. */
export const FAULT_TYPES: readonly FaultType[] = [
  "latency",
  "error500",
  "rateLimit",
  "reset",
  "lostAnswer",
  "hang",
  "html502",
  "echo",
  "redirect",
  "oversized",
  "expired",
  "notJson",
];

/** The fault types that only asset downloads (`route: "download"`) can have: a CDN's ways to fail. */
export const DOWNLOAD_FAULT_TYPES: readonly FaultType[] = ["redirect", "oversized", "expired", "notJson"];

/** The methods a rule can select. */
export const FAULT_METHODS = ["GET", "POST", "DELETE"] as const;

/** The size of an `oversized` download when the rule gives none: one byte over Meta's 10 MB. */
export const DEFAULT_OVERSIZED_BYTES = 10 * 1024 * 1024 + 1;

/** The largest `bytes` an `oversized` rule may ask for (the body is built in memory). */
export const MAX_OVERSIZED_BYTES = 64 * 1024 * 1024;

/**
 * One fault rule.
 *
 * - `latency`: wait `latencyMs`, then answer normally. Latencies of all matching rules add up.
 * - `error500`: HTTP 500 with the seed's WA-500 body.
 * - `rateLimit`: HTTP 429, `Retry-After` header, body `{"code": "WA-429", ...}`.
 * - `reset`: the TCP connection is reset, no response.
 * - `lostAnswer`: the request is carried out (a publish publishes, a create creates), then the
 *   connection is reset instead of the answer, as when a response is lost on the way back.
 * - `hang`: no response ever (until the client gives up or the emulator closes).
 * - `html502`: HTTP 502 with an HTML page, as a reverse proxy sends.
 * - `echo`: the request's `api-key` reflected in the answer (see `shape`), as a careless
 *   server might, so a client's redaction can be tested.
 * - downloads only (see {@link DOWNLOAD_FAULT_TYPES}): `redirect` (302 to `location`),
 *   `oversized` (a 200 JSON body of `bytes` bytes), `expired` (404, the link's signature
 *   expired), `notJson` (a 200 HTML page).
 *
 * Of the non-latency rules, the first (in order of addition) that matches and fires wins.
 * A rule without `route` hits every `/v2` request but never a download: downloads are hit
 * only by rules with `route: "download"` or a download-only type.
 */
export interface FaultRule {
  readonly type: FaultType;
  /** Only requests for this flow id (a download: the flow whose asset it is); omitted = any. */
  readonly flowId?: string;
  /** Only "Get Flows by WABA ID" and Create Flow requests for this WABA id; omitted = any. */
  readonly wabaId?: string;
  /** Only requests to this endpoint (see `ENDPOINTS`); omitted = every `/v2` request. */
  readonly route?: Endpoint;
  /** Only requests with this method; omitted = any. */
  readonly method?: (typeof FAULT_METHODS)[number];
  /** Probability (0..1) that the rule fires on a matching request. Default 1. */
  readonly rate?: number;
  /** The rule fires this many times, then expires. Omitted = forever. */
  readonly times?: number;
  /** For `latency`: the delay in milliseconds (required). */
  readonly latencyMs?: number;
  /** For `rateLimit`: the `Retry-After` in seconds. Default 1. */
  readonly retryAfter?: number;
  /** For `rateLimit`: `Retry-After` as delta seconds (default) or as an HTTP date. */
  readonly retryAfterFormat?: "seconds" | "date";
  /** For `echo` (required): where the key is reflected. */
  readonly shape?: EchoShape;
  /** For `echo`: the HTTP status, 200 to 599. Default 500. */
  readonly status?: number;
  /** For `redirect`: where to (an absolute http(s) URL). Default: the same asset at `<download_url>/redirected`. */
  readonly location?: string;
  /** For `oversized`: the body's size in bytes. Default {@link DEFAULT_OVERSIZED_BYTES}. */
  readonly bytes?: number;
}

/** A rule as listed by the control API: its id, and how many firings are left if limited. */
export interface ActiveFault extends FaultRule {
  readonly id: string;
  readonly remaining?: number;
}

/** What to do to one request: a total delay, then possibly a fault. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly fault?: FaultRule;
}

const RULE_KEYS = [
  "type",
  "flowId",
  "wabaId",
  "route",
  "method",
  "rate",
  "times",
  "latencyMs",
  "retryAfter",
  "retryAfterFormat",
  "shape",
  "status",
  "location",
  "bytes",
] as const;

/**
 * Validates a fault rule and returns a normalised copy (flow id as a string, method upper
 * case). Throws {@link SeedError} naming `source` and the bad field.
 */
export function validateFaultRule(value: unknown, source = "fault", path = ""): FaultRule {
  const check: Checker = new Checker(source);
  const rule = check.object(value, path, 'a fault rule like {"type": "error500"}');
  check.knownKeys(rule, path, RULE_KEYS);
  const type = rule.type;
  if (typeof type !== "string" || !(FAULT_TYPES as readonly string[]).includes(type)) {
    check.fail(field(path, "type"), `${show(type)} is not a fault type (one of ${FAULT_TYPES.join(", ")})`);
  }
  const out: { -readonly [K in keyof FaultRule]?: FaultRule[K] } = { type: type as FaultType };

  if (rule.flowId !== undefined) {
    const id = typeof rule.flowId === "number" && Number.isSafeInteger(rule.flowId) ? String(rule.flowId) : rule.flowId;
    if (!isFlowId(id)) check.fail(field(path, "flowId"), `must be a string of digits, got ${show(rule.flowId)}`);
    out.flowId = id;
  }
  if (rule.wabaId !== undefined) {
    const id = typeof rule.wabaId === "number" && Number.isSafeInteger(rule.wabaId) ? String(rule.wabaId) : rule.wabaId;
    if (!isWabaId(id)) check.fail(field(path, "wabaId"), `must be a string of digits, got ${show(rule.wabaId)}`);
    out.wabaId = id;
  }
  if (rule.route !== undefined) {
    if (typeof rule.route !== "string" || !(ENDPOINTS as readonly string[]).includes(rule.route)) {
      check.fail(
        field(path, "route"),
        `must be one of ${ENDPOINTS.map((e) => `"${e}"`).join(", ")}, got ${show(rule.route)}`,
      );
    }
    if (DOWNLOAD_FAULT_TYPES.includes(type as FaultType) && rule.route !== "download") {
      check.fail(field(path, "route"), `a "${type}" fault applies only to downloads (route "download")`);
    }
    out.route = rule.route as Endpoint;
  }
  if (rule.method !== undefined) {
    const method = typeof rule.method === "string" ? rule.method.toUpperCase() : rule.method;
    if (!(FAULT_METHODS as readonly unknown[]).includes(method))
      check.fail(field(path, "method"), `must be "GET", "POST" or "DELETE", got ${show(rule.method)}`);
    out.method = method as FaultRule["method"];
  }
  if (rule.rate !== undefined) {
    if (!isNumber(rule.rate) || rule.rate < 0 || rule.rate > 1)
      check.fail(field(path, "rate"), `must be a number from 0 to 1, got ${show(rule.rate)}`);
    out.rate = rule.rate;
  }
  if (rule.times !== undefined) {
    if (!Number.isSafeInteger(rule.times) || (rule.times as number) < 1)
      check.fail(field(path, "times"), `must be a whole number of at least 1, got ${show(rule.times)}`);
    out.times = rule.times as number;
  }

  // Options of another fault type are refused: `{"type": "error500", "latencyMs": 200}`
  // is almost surely a mistake, and silently ignoring it would hide that.
  if (type === "latency") {
    if (!isNumber(rule.latencyMs) || rule.latencyMs < 0)
      check.fail(field(path, "latencyMs"), `must be a number of milliseconds (0 or more), got ${show(rule.latencyMs)}`);
    out.latencyMs = rule.latencyMs;
  } else if (rule.latencyMs !== undefined) {
    check.fail(field(path, "latencyMs"), `applies only to "latency" faults`);
  }
  if (type === "rateLimit") {
    if (rule.retryAfter !== undefined) {
      if (!isNumber(rule.retryAfter) || rule.retryAfter < 0)
        check.fail(field(path, "retryAfter"), `must be a number of seconds (0 or more), got ${show(rule.retryAfter)}`);
      out.retryAfter = rule.retryAfter;
    }
    if (rule.retryAfterFormat !== undefined) {
      if (rule.retryAfterFormat !== "seconds" && rule.retryAfterFormat !== "date") {
        check.fail(field(path, "retryAfterFormat"), `must be "seconds" or "date", got ${show(rule.retryAfterFormat)}`);
      }
      out.retryAfterFormat = rule.retryAfterFormat;
    }
  } else {
    for (const key of ["retryAfter", "retryAfterFormat"] as const) {
      if (rule[key] !== undefined) check.fail(field(path, key), `applies only to "rateLimit" faults`);
    }
  }
  if (type === "echo") {
    if (typeof rule.shape !== "string" || !(ECHO_SHAPES as readonly string[]).includes(rule.shape)) {
      check.fail(
        field(path, "shape"),
        `must be one of ${ECHO_SHAPES.map((s) => `"${s}"`).join(", ")}, got ${show(rule.shape)}`,
      );
    }
    out.shape = rule.shape as EchoShape;
    if (rule.status !== undefined) {
      if (!Number.isInteger(rule.status) || (rule.status as number) < 200 || (rule.status as number) > 599) {
        check.fail(field(path, "status"), `must be an HTTP status from 200 to 599, got ${show(rule.status)}`);
      }
      out.status = rule.status as number;
    }
  } else {
    for (const key of ["shape", "status"] as const) {
      if (rule[key] !== undefined) check.fail(field(path, key), `applies only to "echo" faults`);
    }
  }
  if (type === "redirect") {
    if (rule.location !== undefined) {
      if (!isHttpUrl(rule.location))
        check.fail(field(path, "location"), `must be an absolute http(s) URL, got ${show(rule.location)}`);
      out.location = rule.location;
    }
  } else if (rule.location !== undefined) {
    check.fail(field(path, "location"), `applies only to "redirect" faults`);
  }
  if (type === "oversized") {
    if (rule.bytes !== undefined) {
      const bytes = rule.bytes as number;
      if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_OVERSIZED_BYTES)
        check.fail(
          field(path, "bytes"),
          `must be a whole number from 1 to ${MAX_OVERSIZED_BYTES}, got ${show(rule.bytes)}`,
        );
      out.bytes = bytes;
    }
  } else if (rule.bytes !== undefined) {
    check.fail(field(path, "bytes"), `applies only to "oversized" faults`);
  }
  return out as FaultRule;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Validates either one rule or `{"faults": [rules]}` (the control API accepts both). */
export function validateFaultRules(value: unknown, source = "fault"): FaultRule[] {
  if (isObject(value) && "faults" in value && !("type" in value)) {
    const check: Checker = new Checker(source);
    check.knownKeys(value, "", ["faults"]);
    if (!Array.isArray(value.faults))
      check.fail("faults", `must be an array of fault rules, got ${show(value.faults)}`);
    return value.faults.map((rule: unknown, index: number) => validateFaultRule(rule, source, `faults[${index}]`));
  }
  return [validateFaultRule(value, source)];
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

interface LiveRule {
  readonly id: string;
  readonly rule: FaultRule;
  remaining: number | undefined;
}

const NO_FAULT: FaultDecision = Object.freeze({ latencyMs: 0 });

/** Downloads are outside `/v2`: only a rule that names them (by route or by type) reaches them. */
function matchesRoute(rule: FaultRule, route: Endpoint | undefined): boolean {
  const downloadOnly = DOWNLOAD_FAULT_TYPES.includes(rule.type);
  if (route === "download") return rule.route === "download" || (downloadOnly && rule.route === undefined);
  if (downloadOnly) return false;
  return rule.route === undefined || rule.route === route;
}

/** The active rules, in order of addition. */
export class FaultSet {
  private rules: LiveRule[] = [];
  // Ids are never reused, even after clear(): a test that removes "f3" must not remove
  // a newer rule that happens to get the same id.
  private nextId = 1;

  /** @param random source of randomness for `rate` (injectable so tests can be exact). */
  constructor(private readonly random: () => number = Math.random) {}

  /** Adds a rule (validated here). Returns its id. */
  add(rule: FaultRule | unknown, source = "fault"): string {
    const valid = validateFaultRule(rule, source);
    const id = `f${this.nextId++}`;
    this.rules.push({ id, rule: valid, remaining: valid.times });
    return id;
  }

  /** The rules still active. */
  list(): ActiveFault[] {
    return this.rules.map(({ id, rule, remaining }) =>
      remaining === undefined ? { id, ...rule } : { id, ...rule, remaining },
    );
  }

  /** Removes one rule. Returns whether it existed. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /**
   * Decides what happens to one request, and uses up one firing of each rule that fires.
   * A rule limited by `times` counts the requests it actually fired on, so with `rate` 0.5
   * and `times` 2 exactly two requests are hit, chosen at random.
   *
   * @param route the endpoint the request is for; undefined for a path or method that names
   *   none (a 404 or 405), which only rules without `route` can hit
   */
  decide(method: string, flowId: string | undefined, wabaId?: string, route?: Endpoint): FaultDecision {
    if (this.rules.length === 0) return NO_FAULT; // the common case: no work at all
    let latencyMs = 0;
    let fault: FaultRule | undefined;
    let expired = false;
    for (const live of this.rules) {
      const { rule } = live;
      if (!matchesRoute(rule, route)) continue;
      if (rule.flowId !== undefined && rule.flowId !== flowId) continue;
      if (rule.wabaId !== undefined && rule.wabaId !== wabaId) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.type !== "latency" && fault) continue;
      if (rule.rate !== undefined && rule.rate < 1 && !(this.random() < rule.rate)) continue;
      if (rule.type === "latency") latencyMs += rule.latencyMs ?? 0;
      else fault = rule;
      if (live.remaining !== undefined && --live.remaining <= 0) expired = true;
    }
    if (expired) this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return { latencyMs, fault };
  }
}
