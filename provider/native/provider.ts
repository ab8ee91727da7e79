/**
 * The native provider (`pulumi-resource-kaleyra`): the same lifecycle modules the dynamic
 * provider runs (resources/flow-metadata, resources/flow), behind the type tokens of the
 * schema, for programs in every Pulumi language and for `pulumi import`.
 *
 * One plugin process serves one provider: the default one (configured from the stack's
 * `kaleyra:*` config) or one explicit `kaleyra.Provider` (configured from its arguments). Its
 * settings are read once per `Configure`, each account's client is made once, and the same
 * settings fall back to the environment, as in the dynamic provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ProcessContext, type ProviderContext } from "../resources/context";
import * as flow from "../resources/flow";
import * as flowMetadata from "../resources/flow-metadata";
import type { ConfigSource } from "../settings";
import { PACKAGE_DIR, PACKAGE_VERSION } from "../version";
import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE } from "./tokens";

/** The committed schema the plugin serves (and the SDKs are generated from). */
export const SCHEMA_FILE = path.join(PACKAGE_DIR, "schema", "kaleyra.schema.json");

type Props = Record<string, unknown>;

/** One resource's lifecycle, as the native provider calls it. */
interface Lifecycle {
  check(olds: Props, news: Props, context: ProviderContext): Promise<dynamic.CheckResult> | dynamic.CheckResult;
  diff(olds: Props, news: Props, context: ProviderContext): Promise<dynamic.DiffResult>;
  create(inputs: Props, context: ProviderContext): Promise<dynamic.CreateResult>;
  update(olds: Props, news: Props, context: ProviderContext): Promise<dynamic.UpdateResult>;
  read(id: string, props: Props, context: ProviderContext): Promise<dynamic.ReadResult>;
  importFlow(id: string, context: ProviderContext): Promise<dynamic.ReadResult>;
  remove(id: string, props: Props, context: ProviderContext): Promise<void>;
}

/** Each type token's lifecycle: the modules the dynamic entries (runtime.ts, flow-runtime.ts) run. */
const LIFECYCLES: Readonly<Record<string, Lifecycle>> = {
  [NATIVE_FLOW_METADATA_TYPE]: {
    check: (_olds, news, context) => flowMetadata.check(news, context.settings),
    diff: (olds, news, context) => flowMetadata.diff(olds, news, context.diagnostics),
    create: (inputs, context) => flowMetadata.create(inputs, context),
    update: (olds, news, context) => flowMetadata.update(olds, news, context),
    read: (id, props, context) => flowMetadata.read(id, props, context),
    importFlow: (id, context) => flowMetadata.importFlow(id, context),
    remove: () => flowMetadata.remove(),
  },
  [NATIVE_FLOW_TYPE]: {
    check: (olds, news, context) => flow.check(olds, news, context.settings, context.diagnostics),
    diff: (olds, news, context) => flow.diff(olds, news, context.diagnostics),
    create: (inputs, context) => flow.create(inputs, context),
    update: (olds, news, context) => flow.update(olds, news, context),
    read: (id, props, context) => flow.read(id, props, context),
    importFlow: (id, context) => flow.importFlow(id, context),
    remove: (id, props, context) => flow.remove(id, props, context),
  },
};

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]kaleyra:index:Flow::name`). */
export function typeOfUrn(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/** The native provider: its methods, and how the engine's Configure and an import reach it. */
export interface NativeProvider {
  readonly provider: pulumiProvider.Provider;
  /** Reads every setting once, from the provider's configuration and the environment. */
  configure(config: ConfigSource): void;
  /** Answers a ReadRequest with no properties: an import, by id alone. */
  importRead(id: string, urn: string): Promise<dynamic.ReadResult>;
}

/** A native provider with its own context (one per plugin process; tests make several). */
export function createNativeProvider(env?: NodeJS.ProcessEnv): NativeProvider {
  const context = new ProcessContext(env);
  const current = () => context.current;
  const lifecycle = (urn: string): Lifecycle => {
    const type = typeOfUrn(urn);
    const found = Object.prototype.hasOwnProperty.call(LIFECYCLES, type) ? LIFECYCLES[type] : undefined;
    if (!found)
      throw new Error(
        `kaleyra: unknown resource type ${type}: this provider has ${Object.keys(LIFECYCLES).join(", ")}`,
      );
    return found;
  };
  const provider: pulumiProvider.Provider = {
    version: PACKAGE_VERSION,
    getSchema: async () => fs.promises.readFile(SCHEMA_FILE, "utf8"),
    check: async (urn, olds, news) => lifecycle(urn).check(olds ?? {}, news ?? {}, current()),
    diff: async (_id, urn, olds, news) => lifecycle(urn).diff(olds, news, current()),
    create: async (urn, inputs) => lifecycle(urn).create(inputs, current()),
    update: async (_id, urn, olds, news) => lifecycle(urn).update(olds, news, current()),
    read: async (id, urn, props) => {
      const result = await lifecycle(urn).read(id, props ?? {}, current());
      // The SDK's server sets whatever id comes back: a flow that is gone answers none.
      return { id: result.id ?? "", props: result.props ?? {}, inputs: result.inputs };
    },
    delete: async (id, urn, props) => lifecycle(urn).remove(id, props, current()),
  };
  return {
    provider,
    configure: (config) => context.configure(config),
    importRead: (id, urn) => lifecycle(urn).importFlow(id, current()),
  };
}
