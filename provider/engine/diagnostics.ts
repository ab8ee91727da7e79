/**
 * Warnings and notes for the person running `pulumi preview` / `pulumi up`, sent to the
 * Pulumi engine the way a provider written in Go sends them.
 *
 * The dynamic-provider host is started by the engine with the engine's gRPC address as its
 * first argument (`pulumi-resource-pulumi-nodejs <engine>`), but does not connect to it: its
 * provider methods have no way to log. This module connects to that address and calls the
 * engine's `Log`, as `pulumi.log.warn` does in a program. The engine shows the message as a
 * `warning:` (or plain note) under the stack, during preview as well as update. The host
 * does not pass the resource's URN to provider methods, so messages carry none and name the
 * flow themselves. When there is no engine (tests, the CLI) or the call fails, the message
 * goes to stderr instead, which the engine also shows (as a plain note).
 */
import * as path from "node:path";
import { redactKnownSecrets } from "../errors/known-secrets";

/** Where provider methods send what the user should read. */
export interface Diagnostics {
  /** Something the user must know: shown as `warning:`. */
  warn(message: string): Promise<void>;
  /** A note: shown as a plain line. */
  info(message: string): Promise<void>;
}

/** Diagnostics that go nowhere (unit tests that do not look at them). */
export const SILENT: Diagnostics = { warn: async () => {}, info: async () => {} };

/** Diagnostics that collect messages in memory, for tests. */
export function collectingDiagnostics(): Diagnostics & { readonly warnings: string[]; readonly infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: async (m) => void warnings.push(m), info: async (m) => void infos.push(m) };
}

// How long one Log call may take before the message falls back to stderr.
const LOG_TIMEOUT_MS = 5_000;

interface EngineLog {
  log(severity: "warn" | "info", message: string): Promise<boolean>;
}

let engine: EngineLog | null | undefined;

/** The engine connection of this process, made on first use; null when there is none. */
function connect(): EngineLog | null {
  if (engine !== undefined) return engine;
  engine = null;
  const address = process.argv.slice(2).find((arg) => /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(arg));
  if (!address) return engine;
  try {
    // Loaded from @pulumi/pulumi's own dependencies, as the host that runs us loads them.
    const base = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [base] }));
    const services = require(path.join(base, "proto/engine_grpc_pb"));
    const messages = require(path.join(base, "proto/engine_pb"));
    const client = new services.EngineClient(address, grpc.credentials.createInsecure());
    engine = {
      log: (severity, message) =>
        new Promise<boolean>((resolve) => {
          const request = new messages.LogRequest();
          request.setSeverity(severity === "warn" ? messages.LogSeverity.WARNING : messages.LogSeverity.INFO);
          request.setMessage(message);
          request.setUrn("");
          const deadline = new Date(Date.now() + LOG_TIMEOUT_MS);
          client.log(request, { deadline }, (error: unknown) => resolve(!error));
        }),
    };
  } catch {
    engine = null;
  }
  return engine;
}

async function send(severity: "warn" | "info", message: string): Promise<void> {
  const text = redactKnownSecrets(message);
  const sent = (await connect()?.log(severity, text)) ?? false;
  if (!sent) process.stderr.write(`${severity === "warn" ? "warning: " : ""}${text}\n`);
}

/** Diagnostics through the engine of the current Pulumi run (stderr outside one). */
export const ENGINE_DIAGNOSTICS: Diagnostics = {
  warn: (message) => send("warn", message),
  info: (message) => send("info", message),
};
