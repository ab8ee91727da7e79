import { KaleyraClient } from "../client/kaleyra-client";
import { type Diagnostics, ENGINE_DIAGNOSTICS } from "../engine/diagnostics";
import {
  type Account,
  clientSettingsFor,
  type ConfigSource,
  type EnvSource,
  readSettings,
  type Settings,
} from "../settings";

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

/**
 * The context of one provider process, as each entry point (runtime.ts, flow-runtime.ts,
 * native/provider.ts) keeps it: read from the environment alone until the engine configures
 * the provider, then from its config and the environment; warnings go to the engine.
 */
export class ProcessContext {
  #context: ProviderContext | undefined;

  /** @param env the environment; default process.env, as it is when read. */
  constructor(private readonly env?: EnvSource) {}

  /** Reads every setting once, from the provider's configuration and the environment. */
  configure(config: ConfigSource): void {
    this.#context = this.#read(config);
  }

  /** The run's context; from the environment alone if the engine never configured the provider. */
  get current(): ProviderContext {
    this.#context ??= this.#read(undefined);
    return this.#context;
  }

  #read(config: ConfigSource | undefined): ProviderContext {
    return new ProviderContext(readSettings({ config, env: this.env ?? process.env }), ENGINE_DIAGNOSTICS);
  }
}
