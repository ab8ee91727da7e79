import type { ClientSettings } from "./client/kaleyra-client";
import { ConfigurationError } from "./errors";
import {
  ALLOW_PUBLISHED_MEANING,
  checkApiDomain,
  checkBoolean,
  checkRegion,
  checkSid,
  checkSwitch,
  checkWholeNumber,
  Checked,
  isUnknown,
  Region,
  REGION_DOMAINS,
  ValidationFailure,
} from "./rules";

/** Stack configuration as the provider sees it (`req.config` from `configure`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Environment variables, normally `process.env`, read at call time (never captured). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Where settings come from, most specific last: resource args beat both. */
export interface SettingSources {
  readonly config?: ConfigSource;
  readonly env: EnvSource;
}

/** One tunable client setting: its config key, environment variable, default and range. */
export interface TuningSetting {
  readonly key: string;
  readonly env: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly meaning: string;
}

/** The client's tunables. README's config reference is generated from the same facts. */
export const TUNING = {
  timeoutMs: { key: "kaleyra:timeoutMs", env: "KALEYRA_TIMEOUT_MS", default: 15_000, min: 100, max: 600_000, meaning: "Limit of one HTTP attempt, in ms." },
  deadlineMs: { key: "kaleyra:deadlineMs", env: "KALEYRA_DEADLINE_MS", default: 120_000, min: 100, max: 3_600_000, meaning: "Limit of one call, queueing, attempts and backoff included, in ms." },
  maxRetries: { key: "kaleyra:maxRetries", env: "KALEYRA_MAX_RETRIES", default: 5, min: 0, max: 50, meaning: "Retries after the first attempt, on network errors, timeouts, 5xx and 429 (never 400 or 401)." },
  retryBaseMs: { key: "kaleyra:retryBaseMs", env: "KALEYRA_RETRY_BASE_MS", default: 500, min: 1, max: 60_000, meaning: "First backoff step; doubles each retry, with full jitter." },
  retryMaxDelayMs: { key: "kaleyra:retryMaxDelayMs", env: "KALEYRA_RETRY_MAX_DELAY_MS", default: 10_000, min: 1, max: 600_000, meaning: "Ceiling of one backoff step, in ms." },
  maxRetryAfterMs: { key: "kaleyra:maxRetryAfterMs", env: "KALEYRA_MAX_RETRY_AFTER_MS", default: 30_000, min: 0, max: 600_000, meaning: "Ceiling of a server's Retry-After, in ms." },
  concurrency: { key: "kaleyra:concurrency", env: "KALEYRA_CONCURRENCY", default: 16, min: 1, max: 256, meaning: "Requests in flight at once per account, across the whole stack run." },
} as const satisfies Record<string, TuningSetting>;

/** Account and behaviour settings: config key and environment variable, in README order. */
export const ACCOUNT_SETTINGS = {
  sid: { key: "kaleyra:sid", env: "KALEYRA_SID" },
  apiKey: { key: "kaleyra:apiKey", env: "KALEYRA_API_KEY" },
  apiKeys: { key: "kaleyra:apiKeys", env: "KALEYRA_API_KEY_<SID>" },
  region: { key: "kaleyra:region", env: "KALEYRA_REGION" },
  apiDomain: { key: "kaleyra:apiDomain", env: "KALEYRA_API_DOMAIN" },
  allowPublishedUpdate: { key: "kaleyra:allowPublishedUpdate", env: "KALEYRA_ALLOW_PUBLISHED_UPDATE" },
  debug: { key: "kaleyra:debug", env: "KALEYRA_DEBUG" },
} as const;

/** The region used when none is set anywhere. */
export const DEFAULT_REGION: Region = "IN";

/** Which account a flow belongs to, resolved from args, stack config and environment. */
export interface Account {
  readonly sid: string;
  readonly region: Region;
  /** Origin of the pod, e.g. `https://api.in.kaleyra.io`. */
  readonly apiDomain: string;
}

/** A value found for a setting, and where: the property, the config key or the variable. */
interface Found {
  readonly value: unknown;
  readonly source: string;
  /** True when it came from the resource's own argument. */
  readonly fromArg: boolean;
}

/** Reads a config key or variable; empty counts as not set. */
function fromSettings(key: string, env: string, sources: SettingSources): Found | undefined {
  const fromConfig = sources.config?.get(key);
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, source: key, fromArg: false };
  const fromEnv = sources.env[env];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: env, fromArg: false };
  return undefined;
}

/** Looks a value up in args, then stack config, then the environment. */
function lookup(arg: unknown, name: keyof typeof ACCOUNT_SETTINGS, sources: SettingSources): Found | undefined {
  if (arg !== undefined && arg !== null) return { value: arg, source: name, fromArg: true };
  const { key, env } = ACCOUNT_SETTINGS[name];
  return fromSettings(key, env, sources);
}

/**
 * A failure about a value that came from an argument names the property (the engine shows
 * it); one that came from config or the environment names no property (the engine would
 * print the input's value beside it) and its reason names the key or variable instead.
 */
function failureAt(found: Found, property: string, reason: string): ValidationFailure {
  return { property: found.fromArg ? property : "", reason };
}

/**
 * Resolves a flow's account. `apiDomain` (at any level) overrides `region` (at any level),
 * so one KALEYRA_API_DOMAIN points a whole multi-pod stack at an emulator. Values not yet
 * known pass through. Failures name the arg, config key or variable at fault, never its value.
 */
export function resolveAccount(
  args: { sid?: unknown; region?: unknown; apiDomain?: unknown },
  sources: SettingSources,
): { account: Partial<Record<keyof Account, unknown>>; failures: ValidationFailure[] } {
  const failures: ValidationFailure[] = [];
  const account: Partial<Record<keyof Account, unknown>> = {};
  const take = <T>(property: keyof Account, found: Found | undefined, check: (v: unknown, s: string) => Checked<T>): T | undefined => {
    if (!found) return undefined;
    if (isUnknown(found.value)) {
      account[property] = found.value;
      return undefined;
    }
    const result = check(found.value, found.source);
    if (result.ok) {
      account[property] = result.value;
      return result.value;
    }
    failures.push(failureAt(found, property, result.reason));
    return undefined;
  };

  const sid = lookup(args.sid, "sid", sources);
  if (!sid) {
    failures.push({
      property: "sid",
      reason: "no Kaleyra account SID: set the resource's sid, or `pulumi config set kaleyra:sid <SID>`, or KALEYRA_SID. Find it in the Kaleyra console under Developers > API Keys.",
    });
  }
  take("sid", sid, checkSid);

  const regionFound = lookup(args.region, "region", sources);
  const region = regionFound ? take("region", regionFound, checkRegion) : DEFAULT_REGION;
  if (!regionFound) account.region = DEFAULT_REGION;

  const domain = lookup(args.apiDomain, "apiDomain", sources);
  if (domain) take("apiDomain", domain, checkApiDomain);
  else if (region) account.apiDomain = `https://${REGION_DOMAINS[region]}`;
  else if (isUnknown(account.region)) account.apiDomain = account.region;
  return { account, failures };
}

/** Every API key the settings hold: each is masked wherever a response might echo it. */
export function knownApiKeys(sources: SettingSources): string[] {
  const keys: Array<string | undefined> = [sources.config?.get(ACCOUNT_SETTINGS.apiKey.key), sources.env[ACCOUNT_SETTINGS.apiKey.env]];
  for (const [name, value] of Object.entries(sources.env)) if (name.startsWith("KALEYRA_API_KEY_")) keys.push(value);
  const map = parseApiKeys(sources);
  // A map that cannot be read may be a key set in the wrong place: mask it whole.
  if (map.ok) keys.push(...Object.values(map.value));
  else keys.push(sources.config?.get(ACCOUNT_SETTINGS.apiKeys.key));
  return keys.filter((key): key is string => typeof key === "string" && key !== "");
}

const API_KEYS_FIX = "Set entries with `pulumi config set --secret --path 'kaleyra:apiKeys.<SID>' <key>`.";

/** `kaleyra:apiKeys`, a secret map of SID to key, parsed; empty when not set. */
function parseApiKeys(sources: SettingSources): Checked<Record<string, string>> {
  const text = sources.config?.get(ACCOUNT_SETTINGS.apiKeys.key);
  if (text === undefined || text === "") return { ok: true, value: {} };
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch {
    return { ok: false, reason: `kaleyra:apiKeys is not a map of SID to API key (the value is not shown: it is a secret). ${API_KEYS_FIX}` };
  }
  if (typeof map !== "object" || map === null || Array.isArray(map) || !Object.values(map).every((key) => typeof key === "string")) {
    return { ok: false, reason: `kaleyra:apiKeys must be a map of SID to API key, each key a string (the value is not shown: it is a secret). ${API_KEYS_FIX}` };
  }
  return { ok: true, value: map as Record<string, string> };
}

/**
 * The API key for an account, most specific first: `kaleyra:apiKeys` (a secret map of SID to
 * key), KALEYRA_API_KEY_<SID>, `kaleyra:apiKey`, KALEYRA_API_KEY. Read at call time, so a
 * rotated key takes effect at once and never shows as a diff.
 */
export function resolveApiKey(sid: string, sources: SettingSources): string {
  const map = parseApiKeys(sources);
  if (!map.ok) throw new ConfigurationError(ACCOUNT_SETTINGS.apiKeys.key, "kaleyra:apiKeys cannot be read", map.reason, { sid });
  const perSid = Object.prototype.hasOwnProperty.call(map.value, sid) ? map.value[sid] : undefined;
  const candidates = [perSid, sources.env[`KALEYRA_API_KEY_${sid}`], sources.config?.get(ACCOUNT_SETTINGS.apiKey.key), sources.env[ACCOUNT_SETTINGS.apiKey.env]];
  const found = candidates.find((value) => value !== undefined && value !== "");
  if (found) return found;
  throw new ConfigurationError(
    ACCOUNT_SETTINGS.apiKey.key,
    `no API key for Kaleyra account ${sid}`,
    `run \`pulumi config set --secret kaleyra:apiKey <key>\`, or set KALEYRA_API_KEY (or KALEYRA_API_KEY_${sid} / kaleyra:apiKeys for one account of several). Nothing was sent.`,
    { sid },
  );
}

/** A tunable's raw text and where it came from, if set. */
function rawTuning(setting: TuningSetting, sources: SettingSources): { value: string; source: string } | undefined {
  const found = fromSettings(setting.key, setting.env, sources);
  return found ? { value: String(found.value), source: found.source } : undefined;
}

/** Reads one tunable from config, then environment, else its default. A bad value throws. */
export function resolveTuning(name: keyof typeof TUNING, sources: SettingSources): number {
  const setting: TuningSetting = TUNING[name];
  const raw = rawTuning(setting, sources);
  if (!raw) return setting.default;
  const result = checkWholeNumber(raw.value, raw.source, setting, setting.meaning);
  if (!result.ok) throw new ConfigurationError(raw.source, `${raw.source} cannot be used`, result.reason);
  return result.value;
}

/**
 * Whether a PUBLISHED (or THROTTLED) flow may be changed, at the risk of it going back to
 * DRAFT: the resource's `allowPublishedUpdate`, else `kaleyra:allowPublishedUpdate`, else
 * KALEYRA_ALLOW_PUBLISHED_UPDATE, else false.
 */
export function resolveAllowPublishedUpdate(arg: unknown, sources: SettingSources): boolean {
  if (typeof arg === "boolean") return arg;
  const { key, env } = ACCOUNT_SETTINGS.allowPublishedUpdate;
  const found = fromSettings(key, env, sources);
  if (!found) return false;
  const result = checkBoolean(found.value, found.source, ALLOW_PUBLISHED_MEANING);
  if (!result.ok) throw new ConfigurationError(found.source, `${found.source} cannot be used`, result.reason);
  return result.value;
}

/** Whether per-request debug lines go to the provider's stderr (shown under the stack in `pulumi up`). */
export function debugEnabled(sources: SettingSources): boolean {
  const { key, env } = ACCOUNT_SETTINGS.debug;
  const found = fromSettings(key, env, sources);
  if (!found) return false;
  const result = checkSwitch(String(found.value), found.source);
  return result.ok && result.value;
}

/**
 * Every setting that is not an input (tunables, switches, the key map), checked so that a bad
 * one fails `pulumi preview` rather than the first call of `pulumi up`. Failures name the
 * config key or variable and never show the value.
 */
export function checkSettings(sources: SettingSources): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  for (const setting of Object.values(TUNING) as TuningSetting[]) {
    const raw = rawTuning(setting, sources);
    if (!raw) continue;
    const result = checkWholeNumber(raw.value, raw.source, setting, setting.meaning);
    if (!result.ok) failures.push({ property: "", reason: result.reason });
  }
  const allow = ACCOUNT_SETTINGS.allowPublishedUpdate;
  const allowFound = fromSettings(allow.key, allow.env, sources);
  if (allowFound) {
    const result = checkBoolean(allowFound.value, allowFound.source, ALLOW_PUBLISHED_MEANING);
    if (!result.ok) failures.push({ property: "", reason: result.reason });
  }
  const debug = fromSettings(ACCOUNT_SETTINGS.debug.key, ACCOUNT_SETTINGS.debug.env, sources);
  if (debug) {
    const result = checkSwitch(String(debug.value), debug.source);
    if (!result.ok) failures.push({ property: "", reason: result.reason });
  }
  const keys = parseApiKeys(sources);
  if (!keys.ok) failures.push({ property: "", reason: keys.reason });
  return failures;
}

/** Everything a client for `account` needs, from config and environment. */
export function clientSettings(account: Account, sources: SettingSources, log?: (line: string) => void): ClientSettings {
  return {
    sid: account.sid,
    apiDomain: account.apiDomain,
    apiKey: resolveApiKey(account.sid, sources),
    otherSecrets: knownApiKeys(sources),
    timeoutMs: resolveTuning("timeoutMs", sources),
    deadlineMs: resolveTuning("deadlineMs", sources),
    maxRetries: resolveTuning("maxRetries", sources),
    retryBaseMs: resolveTuning("retryBaseMs", sources),
    retryMaxDelayMs: resolveTuning("retryMaxDelayMs", sources),
    maxRetryAfterMs: resolveTuning("maxRetryAfterMs", sources),
    concurrency: resolveTuning("concurrency", sources),
    log: log ?? (debugEnabled(sources) ? (line) => process.stderr.write(`${line}\n`) : undefined),
  };
}
