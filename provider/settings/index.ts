/**
 * Settings, read once: the table of every setting (table.ts), the reader that turns stack
 * config and the environment into a frozen {@link Settings} plus failures (reader.ts), the
 * account a flow belongs to (account.ts), the API keys (api-keys.ts) and a client's
 * settings (client-settings.ts).
 */
export {
  ACCOUNT_SETTINGS,
  TUNING,
  SETTINGS,
  type AccountSetting,
  type SettingFacts,
  type TuningSetting,
  type TuningName,
} from "./table";
export { type ConfigSource, type EnvSource, type SettingSources } from "./sources";
export { readSettings, use, type Settings, type SettingValue } from "./reader";
export {
  resolveAccount,
  NO_SID,
  type Account,
  type AccountInputs,
  type ResolvedAccount,
  type ResolveOptions,
} from "./account";
export { ApiKeys } from "./api-keys";
export { clientSettingsFor } from "./client-settings";
