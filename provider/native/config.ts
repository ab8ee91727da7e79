import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import type { ConfigSource } from "../settings";

/** The package's config namespace: `kaleyra:sid` is the provider's `sid`. */
const NAMESPACE = "kaleyra:";

/**
 * The provider's configuration as the engine sends it with `Configure`, read as the stack
 * config the settings reader expects (`kaleyra:sid` and so on).
 *
 * `args` are the provider's inputs: for the default provider the stack's `kaleyra:*` config,
 * for an explicit one (`new kaleyra.Provider("eu", {...})`) its arguments. Secrets arrive
 * wrapped (unwrapped here, since the settings mask every key themselves); values the schema
 * types as numbers, booleans or maps arrive as such, or as their JSON text from SDKs that
 * encode them, and are read as text, as config always is. `variables` (`kaleyra:config:sid`,
 * all text) is what older engines send instead.
 */
export function configSourceOf(
  args: Readonly<Record<string, unknown>> | undefined,
  variables: ReadonlyMap<string, string> | undefined,
): ConfigSource {
  return {
    get(key: string): string | undefined {
      if (!key.startsWith(NAMESPACE)) return undefined;
      const name = key.slice(NAMESPACE.length);
      if (args !== undefined) return textOf(Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined);
      return variables?.get(`${NAMESPACE}config:${name}`);
    },
  };
}

/** A config value as the text stack config would hold: strings as they are, the rest as JSON. */
function textOf(value: unknown): string | undefined {
  const plain = unwrapped(value);
  if (plain === undefined || plain === null) return undefined;
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** The value with every secret wrapper inside it removed (a map of keys may hold secret entries). */
function unwrapped(value: unknown): unknown {
  if (isRpcSecret(value)) return unwrapped(unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(unwrapped);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapped(item)]));
  }
  return value;
}
