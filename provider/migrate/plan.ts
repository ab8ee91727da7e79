import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE } from "../native/tokens";
import { FLOW_TYPE } from "../resources/flow/resource";
import { FLOW_METADATA_TYPE } from "../resources/flow-metadata/resource";

/**
 * `migrate-to-native`: which of a stack's resources move from the dynamic provider to the
 * native one, and the import file that adopts them. Pure: the command reads the stack and
 * runs pulumi; this decides.
 *
 * A change of provider is not an alias (Pulumi cannot move a resource between providers in
 * place): each dynamic FlowMetadata or Flow is imported as the native type of the same name
 * and parent, by its id (the flow id), then the dynamic one is deleted from state. Neither
 * step sends anything to Kaleyra: an import reads, and deleting from state calls no provider.
 * An import reads with the native provider's account, so a resource of another account than
 * the stack's default needs an explicit provider, named with `--provider SID=NAME`.
 */

/** The type each dynamic type moves to. */
export const NATIVE_TYPE_OF: Readonly<Record<string, string>> = {
  [FLOW_METADATA_TYPE]: NATIVE_FLOW_METADATA_TYPE,
  [FLOW_TYPE]: NATIVE_FLOW_TYPE,
};

/** A resource of `pulumi stack export`, the fields read here. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Everything else the export holds, kept as it is. */
  readonly [key: string]: unknown;
}

/** The account of a resource, as the migration compares them. */
export interface MigrationAccount {
  readonly sid?: string;
  readonly apiDomain?: string;
}

/** One resource to move. */
export interface Move {
  /** The dynamic resource's URN: deleted from state once the import succeeded. */
  readonly urn: string;
  readonly name: string;
  readonly nativeType: string;
  /** The import id: the flow id, or `<wabaId>/<flowId>` for a Flow made in a WABA. */
  readonly id: string;
  readonly protect: boolean;
  /** The URN of its parent, when it is not the stack. */
  readonly parent?: string;
  /** The explicit provider's URN that imports it, when not the default provider. */
  readonly provider?: string;
}

/** The outcome of {@link planMigration}. */
export interface MigrationPlan {
  readonly moves: readonly Move[];
  /** Why the migration cannot run; nothing is done when any. */
  readonly problems: readonly string[];
}

/** Options of {@link planMigration}. */
export interface PlanOptions {
  /** The default provider's account: the stack's `kaleyra:sid` and `kaleyra:apiDomain` (or the environment's). */
  readonly defaultAccount: MigrationAccount;
  /** Explicit providers by SID: the provider resource's name in the stack. */
  readonly providers?: Readonly<Record<string, string>>;
}

const NATIVE_PROVIDER_TYPE = "pulumi:providers:kaleyra";

/** The resource name of a URN (`urn:pulumi:stack::project::type::name`). */
function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** Plans the migration of a stack's exported resources. */
export function planMigration(resources: readonly ExportedResource[], options: PlanOptions): MigrationPlan {
  const problems: string[] = [];
  const moves: Move[] = [];
  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  const taken = new Set(resources.map((r) => `${r.type} ${nameOf(r.urn)} ${r.parent ?? ""}`));
  const providerUrn = (name: string) =>
    resources.find((r) => r.type === NATIVE_PROVIDER_TYPE && nameOf(r.urn) === name)?.urn;
  const strangers = new Map<string, string[]>();

  for (const resource of resources) {
    const nativeType = NATIVE_TYPE_OF[resource.type];
    if (!nativeType) continue;
    const name = nameOf(resource.urn);
    if (!resource.id) {
      problems.push(
        `${resource.urn} has no id (a create that never finished): run \`pulumi up\` or \`pulumi refresh\` first.`,
      );
      continue;
    }
    if (taken.has(`${nativeType} ${name} ${resource.parent ?? ""}`)) {
      problems.push(
        `${name} is already in the stack as ${nativeType}: it was migrated; delete ${resource.urn} from state.`,
      );
      continue;
    }
    const sid = stringOf(resource.outputs?.sid);
    const apiDomain = stringOf(resource.outputs?.apiDomain);
    let provider: string | undefined;
    const explicit = sid !== undefined ? options.providers?.[sid] : undefined;
    if (explicit !== undefined) {
      provider = providerUrn(explicit);
      if (!provider) {
        problems.push(
          `--provider ${sid}=${explicit}: the stack has no ${NATIVE_PROVIDER_TYPE} named ${explicit}. Declare it in the ` +
            "program and create it alone first: `pulumi up --target <its URN>`.",
        );
        continue;
      }
    } else if (!sameAccount({ sid, apiDomain }, options.defaultAccount)) {
      const key = `${sid ?? "?"} at ${apiDomain ?? "?"}`;
      strangers.set(key, [...(strangers.get(key) ?? []), name]);
      continue;
    }
    // A Flow's WABA is in no answer of Kaleyra's: the import id carries it, so the program's wabaId matches.
    const wabaId = nativeType === NATIVE_FLOW_TYPE ? stringOf(resource.outputs?.wabaId) : undefined;
    moves.push({
      urn: resource.urn,
      name,
      nativeType,
      id: wabaId !== undefined ? `${wabaId}/${resource.id}` : resource.id,
      protect: resource.protect === true,
      ...(resource.parent && resource.parent !== stackUrn ? { parent: resource.parent } : {}),
      ...(provider ? { provider } : {}),
    });
  }
  for (const [account, names] of strangers) {
    problems.push(
      `${names.join(", ")}: account ${account} is not the default provider's (kaleyra:sid, kaleyra:apiDomain). ` +
        "An import reads with its provider's account: declare a kaleyra.Provider for it, create it alone " +
        "(`pulumi up --target <its URN>`), and pass --provider <SID>=<its name>.",
    );
  }
  return { moves, problems };
}

function sameAccount(a: MigrationAccount, b: MigrationAccount): boolean {
  return a.sid === b.sid && (a.apiDomain === undefined || b.apiDomain === undefined || a.apiDomain === b.apiDomain);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * The file `pulumi import --file` takes for the moves: the native type, name and id of each,
 * with its parent and explicit provider through the name table (protection and inputs are
 * set after the import: {@link finishedDeployment}). Stable, so a dry run shows the same text
 * each time.
 */
export function importFileOf(moves: readonly Move[]): string {
  const nameTable: Record<string, string> = {};
  const alias = (urn: string, prefix: string): string => {
    const found = Object.entries(nameTable).find(([, value]) => value === urn);
    if (found) return found[0];
    const key = `${prefix}${Object.keys(nameTable).length + 1}`;
    nameTable[key] = urn;
    return key;
  };
  const resources = moves.map((move) => ({
    type: move.nativeType,
    name: move.name,
    id: move.id,
    ...(move.parent ? { parent: alias(move.parent, "parent") } : {}),
    ...(move.provider ? { provider: alias(move.provider, "provider") } : {}),
  }));
  return `${JSON.stringify({ ...(Object.keys(nameTable).length > 0 ? { nameTable } : {}), resources }, null, 2)}\n`;
}

/** A `pulumi stack export` document, the parts rewritten here. */
export interface ExportedDeployment {
  readonly deployment?: { resources?: readonly ExportedResource[] } & Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** The URN the import gives a move: the same, with the native type as the last of its types. */
export function nativeUrnOf(move: Move): string {
  const parts = move.urn.split("::");
  const types = parts[2].split("$");
  types[types.length - 1] = move.nativeType;
  parts[2] = types.join("$");
  return parts.join("::");
}

/**
 * The stack after the import, finished: each imported resource takes the inputs and outputs
 * its dynamic twin had (what the program declared and the checks accepted, and what the
 * lifecycle recorded of it: the same fields in both providers, `__provider` aside), so a field
 * the program left unmanaged stays unmanaged and the next preview compares the program with
 * the same state as before the move; it keeps the provider the import gave it (the import's
 * read is what proves the native provider reaches the flow), and the twin's protection. The dynamic records are removed, and every reference to one
 * (a dependency, a parent) points at its native twin. Pure; `pulumi stack import` applies it.
 *
 * (`pulumi import --file`'s per-resource `properties` would say which inputs to record, but
 * the CLI 3.248 keeps every input the read returned whatever it lists.)
 *
 * @throws Error when an imported resource is not in the deployment.
 */
export function finishedDeployment(exported: ExportedDeployment, moves: readonly Move[]): ExportedDeployment {
  const resources = exported.deployment?.resources ?? [];
  const renamed = new Map(moves.map((move) => [move.urn, nativeUrnOf(move)]));
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const rename = <T>(urn: T): T => (typeof urn === "string" ? ((renamed.get(urn) as T | undefined) ?? urn) : urn);
  const rewritten = resources
    .filter((resource) => !renamed.has(resource.urn as string))
    .map((resource): ExportedResource => {
      const move = moves.find((m) => nativeUrnOf(m) === resource.urn);
      const twin = move ? byUrn.get(move.urn) : undefined;
      const next: { -readonly [K in keyof ExportedResource]: ExportedResource[K] } = { ...resource };
      if (twin) {
        next.inputs = withoutLoader(twin.inputs);
        next.outputs = withoutLoader(twin.outputs);
        if (twin.protect === true) next.protect = true;
      }
      if (next.parent !== undefined) next.parent = rename(next.parent);
      if (Array.isArray(next.dependencies)) next.dependencies = next.dependencies.map(rename);
      if (next.propertyDependencies && typeof next.propertyDependencies === "object") {
        next.propertyDependencies = Object.fromEntries(
          Object.entries(next.propertyDependencies as Record<string, unknown[]>).map(([key, urns]) => [
            key,
            urns.map(rename),
          ]),
        );
      }
      return next;
    });
  for (const move of moves) {
    if (!rewritten.some((resource) => resource.urn === nativeUrnOf(move))) {
      throw new Error(`the import did not record ${nativeUrnOf(move)}`);
    }
  }
  return { ...exported, deployment: { ...exported.deployment, resources: rewritten } };
}

function withoutLoader(props: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const { __provider: _loader, ...rest } = props ?? {};
  return rest;
}
