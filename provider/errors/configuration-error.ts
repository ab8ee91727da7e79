import { KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * A setting is missing or wrong (no API key for an account, an unreadable config value, state
 * that names no account). Raised before any request is sent. The message names the setting
 * and how to set it, and never repeats the setting's value: settings may hold secrets.
 */
export class ConfigurationError extends KaleyraError {
  /** The config key, variable or property at fault, e.g. `kaleyra:apiKey`. */
  readonly setting!: string;

  /**
   * @param setting The config key, variable or property at fault.
   * @param problem What is wrong, e.g. `no API key for Kaleyra account HX..`.
   * @param fix What to do; the hint.
   */
  constructor(setting: string, problem: string, fix: string, facts: KaleyraErrorFacts = {}) {
    super(`${problem}: ${fix}`, { ...facts, hint: fix });
    this.setting = setting;
  }
}
