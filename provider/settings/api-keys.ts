import { ConfigurationError } from "../errors/configuration-error";
import { isRecord } from "../rules/checked";
import { ACCOUNT_SETTINGS } from "./table";
import type { SettingSources } from "./sources";

const { apiKey, apiKeys } = ACCOUNT_SETTINGS;
const PER_SID_PREFIX = "KALEYRA_API_KEY_";
const MAP_FIX = "Set entries with `pulumi config set --secret --path 'kaleyra:apiKeys.<SID>' <key>`.";

/**
 * The API keys the settings hold: `kaleyra:apiKeys` (a secret map of SID to key),
 * KALEYRA_API_KEY_<SID>, `kaleyra:apiKey`, KALEYRA_API_KEY. Never shown: `toJSON` and every
 * message leave the keys out.
 */
export class ApiKeys {
  readonly #map: ReadonlyMap<string, string>;
  readonly #perSid: ReadonlyMap<string, string>;
  readonly #shared: readonly string[];
  readonly #all: readonly string[];
  /** Why `kaleyra:apiKeys` cannot be read, when it is set but is not a map of SID to key. */
  readonly mapFailure?: string;

  constructor(sources: SettingSources) {
    const mapText = sources.config?.get(apiKeys.key);
    const parsed = parseKeyMap(mapText);
    this.#map = parsed.ok ? parsed.map : new Map();
    if (!parsed.ok) this.mapFailure = parsed.reason;
    const perSid = new Map<string, string>();
    for (const [name, value] of Object.entries(sources.env)) {
      if (name.startsWith(PER_SID_PREFIX) && value) perSid.set(name.slice(PER_SID_PREFIX.length), value);
    }
    this.#perSid = perSid;
    this.#shared = [sources.config?.get(apiKey.key), sources.env[apiKey.env]].filter(isSet);
    // A map that cannot be read may be a key set in the wrong place: it is masked whole.
    const mapKeys = parsed.ok ? [...parsed.map.values()] : [mapText];
    this.#all = [...new Set([...this.#shared, ...perSid.values(), ...mapKeys].filter(isSet))];
  }

  /** Every key the settings hold: each is masked wherever a response might echo it. */
  get all(): readonly string[] {
    return this.#all;
  }

  /**
   * The key of one account, most specific first: `kaleyra:apiKeys`, KALEYRA_API_KEY_<SID>,
   * `kaleyra:apiKey`, KALEYRA_API_KEY.
   *
   * @throws ConfigurationError when none is set, or `kaleyra:apiKeys` cannot be read.
   */
  for(sid: string): string {
    if (this.mapFailure) {
      throw new ConfigurationError(apiKeys.key, "kaleyra:apiKeys cannot be read", this.mapFailure, { sid });
    }
    const found = this.#map.get(sid) ?? this.#perSid.get(sid) ?? this.#shared[0];
    if (found) return found;
    throw new ConfigurationError(
      apiKey.key,
      `no API key for Kaleyra account ${sid}`,
      "run `pulumi config set --secret kaleyra:apiKey <key>`, or set KALEYRA_API_KEY " +
        `(or KALEYRA_API_KEY_${sid} / kaleyra:apiKeys for one account of several). Nothing was sent.`,
      { sid },
    );
  }

  /** Never shows the keys, however the settings are logged. */
  toJSON(): string {
    return "ApiKeys";
  }
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

type KeyMap = { ok: true; map: ReadonlyMap<string, string> } | { ok: false; reason: string };

const NOT_SHOWN = "(the value is not shown: it is a secret)";

/** `kaleyra:apiKeys` parsed; an empty map when not set. Messages never show the value. */
function parseKeyMap(text: string | undefined): KeyMap {
  if (text === undefined || text === "") return { ok: true, map: new Map() };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `kaleyra:apiKeys is not a map of SID to API key ${NOT_SHOWN}. ${MAP_FIX}` };
  }
  const entries = isRecord(value) ? Object.entries(value) : undefined;
  if (!entries || !entries.every((entry): entry is [string, string] => typeof entry[1] === "string")) {
    return {
      ok: false,
      reason: `kaleyra:apiKeys must be a map of SID to API key, each key a string ${NOT_SHOWN}. ${MAP_FIX}`,
    };
  }
  return { ok: true, map: new Map(entries) };
}
