import { ClientSettings } from "./client/kaleyra-client";
import { ConfigurationError } from "./errors";
import { checkApiDomain, checkRegion, checkSid, Checked, isUnknown, Region, REGION_DOMAINS, ValidationFailure } from "./validation";

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
  deadlineMs: { key: "kaleyra:deadlineMs", env: "KALEYRA_DEADLINE_MS", default: 120_000, min: 100, max: 3_600_000, meaning: "Limit of all attempts of one call together, backoff included, in ms." },
  maxRetries: { key: "kaleyra:maxRetries", env: "KALEYRA_MAX_RETRIES", default: 5, min: 0, max: 50, meaning: "Retries after the first attempt, on network errors, timeouts, 5xx and 429 (never 400 or 401)." },
  retryBaseMs: { key: "kaleyra:retryBaseMs", env: "KALEYRA_RETRY_BASE_MS", default: 500, min: 1, max: 60_000, meaning: "First backoff step; doubles each retry, with full jitter." },
  retryMaxDelayMs: { key: "kaleyra:retryMaxDelayMs", env: "KALEYRA_RETRY_MAX_DELAY_MS", default: 10_000, min: 1, max: 600_000, meaning: "Ceiling of one backoff step, in ms." },
  maxRetryAfterMs: { key: "kaleyra:maxRetryAfterMs", env: "KALEYRA_MAX_RETRY_AFTER_MS", default: 30_000, min: 0, max: 600_000, meaning: "Ceiling of a server's Retry-After, in ms." },
  concurrency: { key: "kaleyra:concurrency", env: "KALEYRA_CONCURRENCY", default: 16, min: 1, max: 256, meaning: "Requests in flight at once per account, across the whole stack run." },
} as const satisfies Record<string, TuningSetting>;

/** Account settings keys, in README order. */
export const ACCOUNT_SETTINGS = {
  sid: { key: "kaleyra:sid", env: "KALEYRA_SID" },
  apiKey: { key: "kaleyra:apiKey", env: "KALEYRA_API_KEY" },
  apiKeys: { key: "kaleyra:apiKeys", env: "KALEYRA_API_KEY_<SID>" },
  region: { key: "kaleyra:region", env: "KALEYRA_REGION" },
  apiDomain: { key: "kaleyra:apiDomain", env: "KALEYRA_API_DOMAIN" },
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

/** Looks a value up in args, then stack config, then the environment. */
function lookup(arg: unknown, name: keyof typeof ACCOUNT_SETTINGS, sources: SettingSources): { value: unknown; source: string } | undefined {
  if (arg !== undefined && arg !== null) return { value: arg, source: name };
  const { key, env } = ACCOUNT_SETTINGS[name];
  const fromConfig = sources.config?.get(key);
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, source: key };
  const fromEnv = sources.env[env];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: env };
  return undefined;
}

/**
 * Resolves a flow's account. `apiDomain` (at any level) overrides `region` (at any level),
 * so one KALEYRA_API_DOMAIN points a whole multi-pod stack at an emulator. Values not yet
 * known pass through. Failures name the arg, config key or variable at fault.
 */
export function resolveAccount(
  args: { sid?: unknown; region?: unknown; apiDomain?: unknown },
  sources: SettingSources,
): { account: Partial<Record<keyof Account, unknown>>; failures: ValidationFailure[] } {
  const failures: ValidationFailure[] = [];
  const account: Partial<Record<keyof Account, unknown>> = {};
  const take = <T>(property: keyof Account, found: { value: unknown; source: string } | undefined, check: (v: unknown, s: string) => Checked<T>): T | undefined => {
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
    failures.push({ property, reason: result.reason });
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

/**
 * The API key for an account, most specific first: `kaleyra:apiKeys` (a secret map of SID
 * to key), KALEYRA_API_KEY_<SID>, `kaleyra:apiKey`, KALEYRA_API_KEY. Read at call time, so a
 * rotated key takes effect at once and never shows as a diff.
 */
export function resolveApiKey(sid: string, sources: SettingSources): string {
  const perSid = sources.config?.get(ACCOUNT_SETTINGS.apiKeys.key);
  if (perSid) {
    let map: unknown;
    try {
      map = JSON.parse(perSid);
    } catch {
      // Never echo the value: it is a secret.
      throw new ConfigurationError("kaleyra:apiKeys", "kaleyra:apiKeys is not a map of SID to API key. Set entries with `pulumi config set --secret --path 'kaleyra:apiKeys.<SID>' <key>`.");
    }
    const key = typeof map === "object" && map !== null ? (map as Record<string, unknown>)[sid] : undefined;
    if (typeof key === "string" && key !== "") return key;
  }
  const candidates = [
    sources.env[`KALEYRA_API_KEY_${sid}`],
    sources.config?.get(ACCOUNT_SETTINGS.apiKey.key),
    sources.env[ACCOUNT_SETTINGS.apiKey.env],
  ];
  const found = candidates.find((value) => value !== undefined && value !== "");
  if (found) return found;
  throw new ConfigurationError(
    "kaleyra:apiKey",
    `no API key for Kaleyra account ${sid}: run \`pulumi config set --secret kaleyra:apiKey <key>\`, or set KALEYRA_API_KEY (or KALEYRA_API_KEY_${sid} / kaleyra:apiKeys for one account of several). Nothing was sent.`,
  );
}

/** Reads one tunable from config, then environment, else its default; out of range is an error. */
export function resolveTuning(name: keyof typeof TUNING, sources: SettingSources): number {
  const setting: TuningSetting = TUNING[name];
  const fromConfig = sources.config?.get(setting.key);
  const raw = fromConfig !== undefined && fromConfig !== "" ? { value: fromConfig, source: setting.key } : sources.env[setting.env] ? { value: sources.env[setting.env]!, source: setting.env } : undefined;
  if (!raw) return setting.default;
  const value = Number(raw.value);
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    throw new ConfigurationError(raw.source, `${raw.source} must be a whole number from ${setting.min} to ${setting.max}, got ${JSON.stringify(raw.value)}. ${setting.meaning}`);
  }
  return value;
}

/** Whether per-request debug lines go to the provider's stderr (`pulumi up -v=9` shows them). */
export function debugEnabled(sources: SettingSources): boolean {
  const value = sources.config?.get(ACCOUNT_SETTINGS.debug.key) ?? sources.env[ACCOUNT_SETTINGS.debug.env];
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

/** Everything a client for `account` needs, from config and environment. */
export function clientSettings(account: Account, sources: SettingSources, log?: (line: string) => void): ClientSettings {
  return {
    sid: account.sid,
    apiDomain: account.apiDomain,
    apiKey: resolveApiKey(account.sid, sources),
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
