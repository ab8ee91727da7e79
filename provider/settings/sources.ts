/** Stack configuration as the provider sees it (`req.config` from `configure`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Environment variables, normally `process.env`. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Where settings come from: stack config (when there is a stack), then the environment. */
export interface SettingSources {
  readonly config?: ConfigSource;
  readonly env: EnvSource;
}

/** A setting's text as found, and where: the config key or the variable. */
export interface FoundText {
  readonly text: string;
  readonly source: string;
}

/** Reads a config key, then a variable; empty counts as not set. */
export function findText(key: string, env: string, sources: SettingSources): FoundText | undefined {
  const fromConfig = sources.config?.get(key);
  if (fromConfig !== undefined && fromConfig !== "") return { text: fromConfig, source: key };
  const fromEnv = sources.env[env];
  if (fromEnv !== undefined && fromEnv !== "") return { text: fromEnv, source: env };
  return undefined;
}
