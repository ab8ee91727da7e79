import { DEFAULT_REGION } from "../rules/account";

/**
 * Every setting of the package, in one table: its stack config key, its environment
 * variable, its default and what it means. The reader (reader.ts), `check`, the client,
 * `discover`, the CLI's help and docs/configuration.md all come from here.
 */

/** What every setting has. */
export interface SettingFacts {
  /** The stack config key, e.g. `kaleyra:sid`. */
  readonly key: string;
  /** The environment variable, e.g. `KALEYRA_SID` (`KALEYRA_API_KEY_<SID>`: one per SID). */
  readonly env: string;
  /** What it does, in a sentence, for help text and the configuration reference. */
  readonly meaning: string;
}

/** One tunable client setting: a whole number in a range, with a default. */
export interface TuningSetting extends SettingFacts {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** An account or behaviour setting: how it is read, and its default as the reference shows it. */
export interface AccountSetting extends SettingFacts {
  readonly kind: "sid" | "secret" | "secret-map" | "region" | "api-domain" | "boolean" | "switch";
  /** The default, as text for the reference; none when the setting has none. */
  readonly shownDefault?: string;
  /** The resource argument that overrides it, if any. */
  readonly arg?: string;
}

/** Account and behaviour settings, in the order the reference lists them. */
export const ACCOUNT_SETTINGS = {
  sid: {
    key: "kaleyra:sid",
    env: "KALEYRA_SID",
    kind: "sid",
    arg: "sid",
    shownDefault: "(required)",
    meaning: "Account SID, e.g. HXAP16XXXXXX97IN (Kaleyra console > Developers > API Keys).",
  },
  apiKey: {
    key: "kaleyra:apiKey",
    env: "KALEYRA_API_KEY",
    kind: "secret",
    shownDefault: "(required for up and refresh)",
    meaning: "API key of the account, read at run time. Never a flow's input, never in a flow's state.",
  },
  apiKeys: {
    key: "kaleyra:apiKeys",
    env: "KALEYRA_API_KEY_<SID>",
    kind: "secret-map",
    meaning: "One key per SID, for stacks with several accounts. Checked before kaleyra:apiKey.",
  },
  region: {
    key: "kaleyra:region",
    env: "KALEYRA_REGION",
    kind: "region",
    arg: "region",
    shownDefault: DEFAULT_REGION,
    meaning: "Pod: IN (api.in.kaleyra.io), SG (api.ap.kaleyra.io), EU (api.eu.kaleyra.io).",
  },
  apiDomain: {
    key: "kaleyra:apiDomain",
    env: "KALEYRA_API_DOMAIN",
    kind: "api-domain",
    arg: "apiDomain",
    meaning:
      "Overrides the region: a bare host means https; an origin such as https://api.na.kaleyra.ai is used as is. " +
      "Plain http only to this machine (127.0.0.1, ::1, localhost: the emulator).",
  },
  allowPublishedUpdate: {
    key: "kaleyra:allowPublishedUpdate",
    env: "KALEYRA_ALLOW_PUBLISHED_UPDATE",
    kind: "boolean",
    arg: "allowPublishedUpdate",
    shownDefault: "false",
    meaning:
      "true lets `pulumi up` change a PUBLISHED or THROTTLED flow, which may put it back to DRAFT (see Published " +
      "flows).",
  },
  debug: {
    key: "kaleyra:debug",
    env: "KALEYRA_DEBUG",
    kind: "switch",
    shownDefault: "off",
    meaning:
      "1, true, yes or on: one line per HTTP attempt (method, path, status, code, time; redacted) on stderr, " +
      "which `pulumi up` shows under the stack.",
  },
} as const satisfies Record<string, AccountSetting>;

/** The client's tunables: whole decimal numbers in their range. */
export const TUNING = {
  timeoutMs: {
    key: "kaleyra:timeoutMs",
    env: "KALEYRA_TIMEOUT_MS",
    default: 15_000,
    min: 100,
    max: 600_000,
    meaning: "Limit of one HTTP attempt, in ms.",
  },
  deadlineMs: {
    key: "kaleyra:deadlineMs",
    env: "KALEYRA_DEADLINE_MS",
    default: 120_000,
    min: 100,
    max: 3_600_000,
    meaning: "Limit of one call, in ms: waiting for a slot, every attempt and backoff together. It ends the retrying.",
  },
  maxRetries: {
    key: "kaleyra:maxRetries",
    env: "KALEYRA_MAX_RETRIES",
    default: 100,
    min: 0,
    max: 1000,
    meaning:
      "Most retries after the first attempt, on network errors, timeouts, 5xx and 429 (never 400 or 401). " +
      "The default leaves it to the deadline; lower it to give up sooner.",
  },
  retryBaseMs: {
    key: "kaleyra:retryBaseMs",
    env: "KALEYRA_RETRY_BASE_MS",
    default: 500,
    min: 1,
    max: 60_000,
    meaning: "First backoff step, in ms; doubles each retry, with full jitter.",
  },
  retryMaxDelayMs: {
    key: "kaleyra:retryMaxDelayMs",
    env: "KALEYRA_RETRY_MAX_DELAY_MS",
    default: 10_000,
    min: 1,
    max: 600_000,
    meaning: "Ceiling of one backoff step, in ms.",
  },
  maxRetryAfterMs: {
    key: "kaleyra:maxRetryAfterMs",
    env: "KALEYRA_MAX_RETRY_AFTER_MS",
    default: 30_000,
    min: 0,
    max: 600_000,
    meaning: "Ceiling of a server's Retry-After, in ms.",
  },
  concurrency: {
    key: "kaleyra:concurrency",
    env: "KALEYRA_CONCURRENCY",
    default: 16,
    min: 1,
    max: 256,
    meaning: "Requests in flight at once per account, across the whole stack run.",
  },
} as const satisfies Record<string, TuningSetting>;

/** The name of one tunable. */
export type TuningName = keyof typeof TUNING;

/** Every setting, in the order the reference and the help list them. */
export const SETTINGS: readonly SettingFacts[] = [...Object.values(ACCOUNT_SETTINGS), ...Object.values(TUNING)];
