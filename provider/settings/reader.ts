import { ConfigurationError } from "../errors/configuration-error";
import {
  ALLOW_PUBLISHED_MEANING,
  checkApiDomain,
  checkBoolean,
  checkRegion,
  checkSid,
  checkSwitch,
  checkWholeNumber,
  type Checked,
  type Region,
  type ValidationFailure,
} from "../rules";
import { ApiKeys } from "./api-keys";
import { findText, type FoundText, type SettingSources } from "./sources";
import { ACCOUNT_SETTINGS, TUNING, type AccountSetting, type TuningName } from "./table";

/** One setting as read: its value and where it came from, or why it cannot be used. */
export type SettingValue<T> =
  | { readonly ok: true; readonly value: T; readonly source?: string }
  | { readonly ok: false; readonly reason: string; readonly source: string };

/**
 * Every setting, read once from stack config and the environment (per `configure`, or once
 * per command), checked, and frozen. Resource arguments beat the account defaults and the
 * opt-in; see resolveAccount.
 */
export interface Settings {
  /** The stack's default SID, region and API domain, when set in config or the environment. */
  readonly sid?: SettingValue<string>;
  readonly region?: SettingValue<Region>;
  readonly apiDomain?: SettingValue<string>;
  /** Whether a PUBLISHED flow may be changed when the resource does not say; default false. */
  readonly allowPublishedUpdate: SettingValue<boolean>;
  /** Whether the client logs a line per HTTP attempt to stderr. */
  readonly debug: boolean;
  /** The client's tunables; each its default when not set. */
  readonly tuning: { readonly [K in TuningName]: SettingValue<number> };
  readonly apiKeys: ApiKeys;
  /**
   * Every setting that is set but cannot be used, for `check` to report at preview. The
   * account defaults are not here: a bad one fails only the resources that use it.
   */
  readonly failures: readonly ValidationFailure[];
}

/** Reads, checks and freezes every setting. Messages name the key or variable, never the value. */
export function readSettings(sources: SettingSources): Settings {
  const failures: ValidationFailure[] = [];
  const report = <T>(value: SettingValue<T>): SettingValue<T> => {
    if (!value.ok) failures.push({ property: "", reason: value.reason });
    return value;
  };

  const tuning = {} as { [K in TuningName]: SettingValue<number> };
  for (const name of Object.keys(TUNING) as TuningName[]) {
    const setting = TUNING[name];
    const found = findText(setting.key, setting.env, sources);
    tuning[name] = found
      ? report(read(found, (text, source) => checkWholeNumber(text, source, setting, setting.meaning)))
      : { ok: true, value: setting.default };
  }
  const allow = find(ACCOUNT_SETTINGS.allowPublishedUpdate, sources);
  const debug = find(ACCOUNT_SETTINGS.debug, sources);
  const apiKeys = new ApiKeys(sources);
  if (apiKeys.mapFailure) failures.push({ property: "", reason: apiKeys.mapFailure });

  const settings: Settings = {
    sid: readIf(find(ACCOUNT_SETTINGS.sid, sources), checkSid),
    region: readIf(find(ACCOUNT_SETTINGS.region, sources), checkRegion),
    apiDomain: readIf(find(ACCOUNT_SETTINGS.apiDomain, sources), checkApiDomain),
    allowPublishedUpdate: allow
      ? report(read(allow, (text, source) => checkBoolean(text, source, ALLOW_PUBLISHED_MEANING)))
      : { ok: true, value: false },
    debug: debug ? valueOr(report(read(debug, checkSwitch)), false) : false,
    tuning: Object.freeze(tuning),
    apiKeys,
    failures: Object.freeze(failures),
  };
  return Object.freeze(settings);
}

/**
 * A setting's value, or a ConfigurationError naming its key or variable (never its value):
 * for the steps that need it, after `check` has reported it.
 */
export function use<T>(setting: SettingValue<T>): T {
  if (setting.ok) return setting.value;
  throw new ConfigurationError(setting.source, `${setting.source} cannot be used`, setting.reason);
}

function find(setting: AccountSetting, sources: SettingSources): FoundText | undefined {
  return findText(setting.key, setting.env, sources);
}

function read<T>(found: FoundText, check: (text: string, source: string) => Checked<T>): SettingValue<T> {
  const result = check(found.text, found.source);
  return result.ok
    ? { ok: true, value: result.value, source: found.source }
    : { ok: false, reason: result.reason, source: found.source };
}

function readIf<T>(
  found: FoundText | undefined,
  check: (text: string, source: string) => Checked<T>,
): SettingValue<T> | undefined {
  return found ? read(found, check) : undefined;
}

function valueOr<T>(setting: SettingValue<T>, fallback: T): T {
  return setting.ok ? setting.value : fallback;
}
