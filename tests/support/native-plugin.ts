import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK] }));
const services = require(path.join(SDK, "proto/provider_grpc_pb"));
/** The provider protocol's messages, as the engine builds them. */
export const messages = require(path.join(SDK, "proto/provider_pb"));
/** google.protobuf.Struct, for request properties. */
export const Struct = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [SDK] })).Struct;

/** The native plugin's entry, as built. */
export const PLUGIN_ENTRY = path.join(REPO_ROOT, "dist/provider/native/main.js");
/** The same provider on the SDK's server with no workaround (tests/support/sdk-server-unpatched.js). */
export const UNPATCHED_ENTRY = path.join(REPO_ROOT, "tests/support/sdk-server-unpatched.js");

/** A plugin process and a gRPC client speaking to it as the engine does. */
export interface RunningPlugin {
  /** Calls one unary method (`configure`, `check`, `read`, ...) and resolves its response. */
  call<T = any>(method: string, request: unknown): Promise<T>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts a plugin entry in its own Node process, with `env` as its whole environment beside
 * PATH, and connects to the port it prints, as the engine does.
 */
export async function startPlugin(entry: string, env: NodeJS.ProcessEnv = {}): Promise<RunningPlugin> {
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`plugin exited (${code}) before serving: ${errors}`)));
  });
  const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    call: (method, request) =>
      new Promise((resolve, reject) =>
        client[method](request, (error: unknown, response: unknown) =>
          error ? reject(error) : resolve(response as never),
        ),
      ),
    stderr: () => errors,
    stop: async () => {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    },
  };
}

/** A Configure request as the engine sends one: `args` a Struct, secrets wrapped as the engine wraps them. */
export function configureRequest(args: Record<string, unknown>, secrets: readonly string[] = []): unknown {
  const request = new messages.ConfigureRequest();
  const wrapped = Object.fromEntries(
    Object.entries(args).map(([key, value]) => [
      key,
      secrets.includes(key) ? { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value } : value,
    ]),
  );
  request.setArgs(Struct.fromJavaScript(wrapped));
  request.setAcceptsecrets(true);
  request.setAcceptresources(true);
  return request;
}

/** The URN of a resource of `type` named `name`, as the engine makes it. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::native::${type}::${name}`;
}
