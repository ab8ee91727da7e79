/**
 * Warnings and notes for the person running `pulumi preview` / `pulumi up`.
 *
 * The dynamic-provider host is started by the engine with the engine's gRPC address as its
 * first argument (`pulumi-resource-pulumi-nodejs <engine>`), but does not connect to it: its
 * provider methods have no way to log. A warning goes to the engine's `Log` (engine-log.ts),
 * as a provider written in Go sends one, so it shows as `warning:`. A note goes to stderr,
 * which the engine reads line by line and shows as the same `info:` line: a Log call per
 * changed flow cost the provider more CPU than the rest of its work for that flow. The host
 * passes no URN to provider methods, so messages name the flow themselves. With no engine
 * (tests, the CLI), or when the call fails, a warning goes to stderr too.
 */
import { registerProcessCache } from "../process-caches";
import { redactKnownSecrets } from "../redaction/known-secrets";
import { connectEngineLog, type EngineLog } from "./engine-log";

/** Where provider methods send what the user should read. */
export interface Diagnostics {
  /** Something the user must know: shown as `warning:`. */
  warn(message: string): Promise<void>;
  /** A note: shown as a plain line. */
  info(message: string): Promise<void>;
}

// How long one Log call may take before the message falls back to stderr.
const LOG_TIMEOUT_MS = 5_000;

let engine: EngineLog | null | undefined;
registerProcessCache(() => {
  engine = undefined;
});

/** The engine connection of this process, made on first use; null when there is none. */
function connect(): EngineLog | null {
  if (engine !== undefined) return engine;
  const address = process.argv.slice(2).find((arg) => /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(arg));
  try {
    engine = address ? connectEngineLog(address, LOG_TIMEOUT_MS) : null;
  } catch {
    engine = null;
  }
  return engine;
}

/** Diagnostics through the engine of the current Pulumi run (stderr outside one). */
export const ENGINE_DIAGNOSTICS: Diagnostics = {
  warn: async (message) => {
    const text = redactKnownSecrets(message);
    const sent = (await connect()?.log("warn", text)) ?? false;
    if (!sent) process.stderr.write(`warning: ${text}\n`);
  },
  info: async (message) => {
    process.stderr.write(`${redactKnownSecrets(message)}\n`);
  },
};
