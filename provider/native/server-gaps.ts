/**
 * The two places where `@pulumi/pulumi/provider`'s gRPC server (3.248) cannot serve this
 * provider as it is, and what is done about each. Everything else the plugin does goes
 * through the SDK's server unchanged.
 *
 * 1. **No configure hook.** Its `Configure` ignores the request (the provider never sees
 *    `kaleyra:*` config, nor an explicit provider's arguments) and answers that it accepts
 *    secrets, so the engine would then send every secret input wrapped, to methods that hand
 *    `toJavaScript()` of the request to the provider as it is. Here `Configure` hands the
 *    request's config to the provider, and answers as the dynamic-provider host does: no
 *    secrets, resources or outputs accepted, so the engine sends plain values (secrets
 *    unwrapped) and marks secret again the outputs of a secret input. Values not known at
 *    preview still arrive as the engine's unknown text, as in a dynamic provider.
 * 2. **Import crashes.** `pulumi import` (and the `import` resource option) sends a
 *    ReadRequest with an id and no properties; the server calls `getProperties().toJavaScript()`
 *    on it and fails the import with a TypeError. Here such a request goes to the provider's
 *    import read (`readWithoutProperties`), which answers from the id alone.
 *
 * Both are closed by wrapping the service implementation the SDK registers with grpc-js
 * (`Server.addService`), since the SDK exports neither its server class nor a hook. The
 * wrapper is installed once, before `main()`, and touches only the ResourceProvider service.
 */
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configSourceOf } from "./config";
import type { ConfigSource } from "../settings";

/** A gRPC unary handler as grpc-js calls it. */
type Handler = (call: { request: unknown }, callback: (error: unknown, value?: unknown) => void) => void;

/** The parts of the protocol's requests read here. */
interface ConfigureRequest {
  hasArgs(): boolean;
  getArgs(): { toJavaScript(): Record<string, unknown> };
  getVariablesMap(): { entries(): Iterable<[string, string]> };
}
interface ReadRequest {
  hasProperties(): boolean;
  getId(): string;
  getUrn(): string;
}

/** The parts of the protocol's responses and of google.protobuf.Struct written here. */
export interface ProtocolMessages {
  readonly ConfigureResponse: new () => {
    setAcceptsecrets(value: boolean): void;
    setAcceptresources(value: boolean): void;
    setAcceptoutputs(value: boolean): void;
  };
  readonly ReadResponse: new () => {
    setId(id: string): void;
    setProperties(value: unknown): void;
    setInputs(value: unknown): void;
  };
  readonly Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
}

/** What the provider is told when the engine configures it. */
export type OnConfigure = (config: ConfigSource) => void;

/** The provider's read, as the import path calls it: no properties at all. */
export type ReadWithoutProperties = (id: string, urn: string) => Promise<dynamic.ReadResult>;

/** The SDK's own modules, loaded from the @pulumi/pulumi the plugin runs with. */
function sdkModules() {
  const base = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return {
    grpc: require(require.resolve("@grpc/grpc-js", { paths: [base] })),
    services: require(path.join(base, "proto/provider_grpc_pb")),
    messages: {
      ...require(path.join(base, "proto/provider_pb")),
      Struct: require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [base] })).Struct,
    } as ProtocolMessages,
  };
}

let installed = false;

/**
 * Closes both gaps for the server `main()` is about to start. Call once, before `main()`.
 *
 * @param onConfigure receives the provider's configuration on every `Configure`.
 * @param readWithoutProperties answers a ReadRequest that carries no properties (import).
 */
export function closeServerGaps(onConfigure: OnConfigure, readWithoutProperties: ReadWithoutProperties): void {
  if (installed) return;
  installed = true;
  const { grpc, services, messages } = sdkModules();
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: Record<string, Handler>) {
    const patched =
      service === services.ResourceProviderService
        ? patchedImplementation(implementation, onConfigure, readWithoutProperties, messages)
        : implementation;
    return addService.call(this, service, patched);
  };
}

/** The SDK's implementation with `configure` and a property-less `read` answered here. */
function patchedImplementation(
  implementation: Record<string, Handler>,
  onConfigure: OnConfigure,
  readWithoutProperties: ReadWithoutProperties,
  messages: ProtocolMessages,
): Record<string, Handler> {
  // Every other method is the SDK's own, bound to its server (grpc-js looks methods up by name).
  const patched: Record<string, Handler> = Object.create(implementation);
  patched.configure = (call, callback) => {
    try {
      const request = call.request as ConfigureRequest;
      const args = request.hasArgs() ? request.getArgs().toJavaScript() : undefined;
      const variables = new Map<string, string>(request.getVariablesMap().entries());
      onConfigure(configSourceOf(args, variables));
      const response = new messages.ConfigureResponse();
      response.setAcceptsecrets(false);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      callback(undefined, response);
    } catch (error) {
      callback(error);
    }
  };
  const read = implementation.read.bind(implementation);
  patched.read = (call, callback) => {
    const request = call.request as ReadRequest;
    if (request.hasProperties()) return read(call, callback);
    readWithoutProperties(request.getId(), request.getUrn()).then(
      (result) => {
        const response = new messages.ReadResponse();
        response.setId(result.id ?? "");
        response.setProperties(messages.Struct.fromJavaScript(result.props ?? {}));
        if (result.inputs !== undefined) response.setInputs(messages.Struct.fromJavaScript(result.inputs));
        callback(undefined, response);
      },
      (error: unknown) => callback(error),
    );
  };
  return patched;
}
