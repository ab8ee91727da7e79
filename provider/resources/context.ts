import { KaleyraClient } from "../client/kaleyra-client";
import type { Diagnostics } from "../engine/diagnostics";
import { type Account, clientSettingsFor, type Settings } from "../settings";

/**
 * What every provider step of one stack run shares: the settings, read once when the engine
 * configures the provider; one client per account, made on first use (so its limiter, key
 * and redactor are set up once, not per call); and where warnings go.
 */
export class ProviderContext {
  readonly #clients = new Map<string, KaleyraClient>();

  constructor(
    readonly settings: Settings,
    readonly diagnostics: Diagnostics,
  ) {}

  /**
   * The client of one account.
   *
   * @throws ConfigurationError when the account has no API key or a setting cannot be used.
   */
  client(account: Account): KaleyraClient {
    const key = `${account.apiDomain} ${account.sid}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new KaleyraClient(clientSettingsFor(account, this.settings));
      this.#clients.set(key, client);
    }
    return client;
  }
}
