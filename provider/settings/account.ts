import {
  type AccountProperty,
  checkApiDomain,
  checkRegion,
  checkSid,
  type Checked,
  DEFAULT_REGION,
  isUnknown,
  type Region,
  REGION_DOMAINS,
  UNKNOWN,
  type ValidationFailure,
} from "../rules";
import type { SettingValue, Settings } from "./reader";

/** Which account a flow belongs to: its SID and the pod it lives on. */
export interface Account {
  readonly sid: string;
  readonly region: Region;
  /** Origin of the pod, e.g. `https://api.in.kaleyra.io`. */
  readonly apiDomain: string;
}

/** An account as `check` hands it on: each part checked, or not known until `up`. */
export type AccountInputs = { -readonly [P in AccountProperty]?: string };

/** The outcome of {@link resolveAccount}. */
export interface ResolvedAccount {
  /** What `check` hands on as inputs: each part checked, or the engine's unknown at preview. */
  readonly inputs: AccountInputs;
  /** The account, when every part is known and valid. */
  readonly account?: Account;
  /** What cannot be used; a part from an argument names that property, one from the settings names none. */
  readonly failures: readonly ValidationFailure[];
}

/** How {@link resolveAccount} names what it was given (flags, for `discover`) and what is missing. */
export interface ResolveOptions {
  /** The name of each argument in messages; default the property (`sid`, `region`, `apiDomain`). */
  readonly names?: Partial<Record<AccountProperty, string>>;
  /** The reason given when no SID is set anywhere. */
  readonly noSid?: string;
}

/** The reason `check` gives when no SID is set anywhere. */
export const NO_SID =
  "no Kaleyra account SID: set the resource's sid, or `pulumi config set kaleyra:sid <SID>`, or KALEYRA_SID. " +
  "Find it in the Kaleyra console under Developers > API Keys.";

/**
 * Resolves a flow's account: each part from its argument, else the stack's settings.
 * `apiDomain` (at any level) overrides `region` (at any level), so one KALEYRA_API_DOMAIN
 * points a whole multi-pod stack at an emulator. Values not yet known pass through.
 * Failures name the argument, config key or variable at fault, never its value.
 */
export function resolveAccount(
  args: Readonly<Partial<Record<AccountProperty, unknown>>>,
  settings: Pick<Settings, AccountProperty>,
  options: ResolveOptions = {},
): ResolvedAccount {
  const failures: ValidationFailure[] = [];
  const inputs: AccountInputs = {};
  const nameOf = (property: AccountProperty) => options.names?.[property] ?? property;
  const pick = <T extends string>(
    property: AccountProperty,
    check: (value: unknown, source: string) => Checked<T>,
    fallback: SettingValue<T> | undefined,
  ): Part<T> => {
    const arg = args[property];
    if (arg === undefined || arg === null) {
      if (!fallback) return { state: "missing" };
      if (!fallback.ok) failures.push({ property: "", reason: fallback.reason });
      return fallback.ok ? known(property, fallback.value) : { state: "bad" };
    }
    if (isUnknown(arg)) {
      inputs[property] = UNKNOWN;
      return { state: "unknown" };
    }
    // The settings' own value (what `check` stored, read back from inputs or state) was checked
    // when the settings were read, and checking a checked value gives it back: not parsed again.
    if (fallback?.ok && arg === fallback.value) return known(property, fallback.value);
    const checked = check(arg, nameOf(property));
    if (!checked.ok) failures.push({ property: nameOf(property), reason: checked.reason });
    return checked.ok ? known(property, checked.value) : { state: "bad" };
  };
  const known = <T extends string>(property: AccountProperty, value: T): Part<T> => {
    inputs[property] = value;
    return { state: "known", value };
  };

  const sid = pick("sid", checkSid, settings.sid);
  if (sid.state === "missing") failures.push({ property: nameOf("sid"), reason: options.noSid ?? NO_SID });
  let region = pick("region", checkRegion, settings.region);
  if (region.state === "missing") region = known("region", DEFAULT_REGION);
  let apiDomain = pick("apiDomain", checkApiDomain, settings.apiDomain);
  if (apiDomain.state === "missing") {
    // No domain anywhere: the region's pod, or unknown while the region is.
    if (region.state === "known") apiDomain = known("apiDomain", `https://${REGION_DOMAINS[region.value]}`);
    else if (region.state === "unknown") apiDomain = known("apiDomain", UNKNOWN);
  }
  const account =
    sid.state === "known" && region.state === "known" && apiDomain.state === "known" && apiDomain.value !== UNKNOWN
      ? { sid: sid.value, region: region.value, apiDomain: apiDomain.value }
      : undefined;
  return { inputs, account, failures };
}

/** One part of the account as resolved. */
type Part<T> = { state: "known"; value: T } | { state: "unknown" } | { state: "missing" } | { state: "bad" };
