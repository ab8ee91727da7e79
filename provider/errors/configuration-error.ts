/**
 * A setting is missing or wrong (no API key for an account, an unreadable config value).
 * Raised before any request is sent. Its message names the setting and how to set it.
 */
export class ConfigurationError extends Error {
  /** The config key or property at fault, e.g. `kaleyra:apiKey`. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(message);
    this.name = "ConfigurationError";
    this.setting = setting;
  }
}
