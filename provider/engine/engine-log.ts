/**
 * The one call this package makes on the Pulumi engine: `Engine.Log`, through the gRPC stubs
 * that ship inside `@pulumi/pulumi` (loaded from its own dependencies, as the host that runs
 * us loads them). Typed here, so diagnostics.ts reaches nothing untyped.
 */
import * as path from "node:path";

/** How severe a message is, as the engine shows it. */
export type Severity = "warn" | "info";

/** A connection to the engine's log service. */
export interface EngineLog {
  /** Sends one message; resolves false when the engine did not take it in time. */
  log(severity: Severity, message: string): Promise<boolean>;
}

/** The parts of `@pulumi/pulumi/proto/engine_pb` used here. */
interface EngineMessages {
  readonly LogSeverity: { readonly INFO: number; readonly WARNING: number };
  readonly LogRequest: new () => {
    setSeverity(severity: number): void;
    setMessage(message: string): void;
    setUrn(urn: string): void;
  };
}

/** The parts of `@pulumi/pulumi/proto/engine_grpc_pb` used here. */
interface EngineServices {
  readonly EngineClient: new (
    address: string,
    credentials: unknown,
  ) => {
    log(request: unknown, options: { deadline: Date }, callback: (error: unknown) => void): void;
  };
}

/** The parts of `@grpc/grpc-js` used here. */
interface Grpc {
  readonly credentials: { createInsecure(): unknown };
}

/**
 * Connects to the engine at `address` (`127.0.0.1:<port>`).
 *
 * @throws when `@pulumi/pulumi` or its gRPC stubs cannot be loaded.
 */
export function connectEngineLog(address: string, timeoutMs: number): EngineLog {
  const base = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [base] })) as Grpc;
  const services = require(path.join(base, "proto/engine_grpc_pb")) as EngineServices;
  const messages = require(path.join(base, "proto/engine_pb")) as EngineMessages;
  const client = new services.EngineClient(address, grpc.credentials.createInsecure());
  return {
    log: (severity, message) =>
      new Promise<boolean>((resolve) => {
        const request = new messages.LogRequest();
        request.setSeverity(severity === "warn" ? messages.LogSeverity.WARNING : messages.LogSeverity.INFO);
        request.setMessage(message);
        request.setUrn("");
        client.log(request, { deadline: new Date(Date.now() + timeoutMs) }, (error) => resolve(!error));
      }),
  };
}
