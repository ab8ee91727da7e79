import { ConfigurationError } from "../../errors";
import { flowJsonSha256 } from "../../flow-json";
import { isRecord, own } from "../../rules";
import { type Account, type Settings, use } from "../../settings";
import { accountOfState } from "../state-account";

/** What the program asks of one Flow, after `check`: every input known and normalized. */
export interface DesiredFlowResource {
  readonly wabaId?: string;
  readonly flowId?: string;
  readonly name: string;
  readonly categories: readonly string[];
  readonly endpointUri?: string;
  /** The Flow JSON as a value. */
  readonly flowJson: Record<string, unknown>;
  /** What is uploaded: the JSON two-space indented, keys in the program's order, so Meta's line numbers are readable. */
  readonly uploadText: string;
  /** sha256 of the canonical form: what the JSON is compared by. */
  readonly flowJsonSha256: string;
  /** The Flow JSON's `version`, when it is a string. */
  readonly jsonVersion?: string;
  /** The file the JSON came from, for messages. */
  readonly flowJsonFile?: string;
  readonly publish: boolean;
  readonly deprecateOnDelete: boolean;
  /** Whether a PUBLISHED or THROTTLED flow may be changed: the input's, else the settings'. */
  readonly allowPublishedUpdate: boolean;
  /** The input as the program set it, if it did. */
  readonly allowPublishedUpdateInput?: boolean;
  readonly account: Account;
}

type Props = Readonly<Record<string, unknown>>;

/**
 * Reads the checked inputs `create` and `update` receive (they passed `check` in this run: the
 * Flow JSON is the compact string check wrote).
 *
 * @throws ConfigurationError when the account or the opt-in cannot be used.
 */
export function desiredFlowOf(inputs: Props, settings: Settings): DesiredFlowResource {
  const text = (field: string) => (typeof own(inputs, field) === "string" ? (own(inputs, field) as string) : undefined);
  const flag = (field: string) =>
    typeof own(inputs, field) === "boolean" ? (own(inputs, field) as boolean) : undefined;
  const account = accountOfState(inputs, settings, (field, problem, fix) => {
    throw new ConfigurationError(field, `the account ${problem}`, fix);
  });
  const raw = own(inputs, "flowJson");
  const flowJson: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (!isRecord(flowJson)) throw new ConfigurationError("flowJson", "is not an object", "Run `pulumi up` again.");
  const allow = flag("allowPublishedUpdate");
  const categories = own(inputs, "categories");
  return {
    wabaId: text("wabaId"),
    flowId: text("flowId"),
    name: text("name") ?? "",
    categories: Array.isArray(categories) ? categories.filter((item): item is string => typeof item === "string") : [],
    endpointUri: text("endpointUri"),
    flowJson,
    uploadText: `${JSON.stringify(flowJson, null, 2)}\n`,
    flowJsonSha256: flowJsonSha256(flowJson),
    jsonVersion: typeof flowJson.version === "string" ? flowJson.version : undefined,
    flowJsonFile: text("flowJsonFile"),
    publish: flag("publish") ?? false,
    deprecateOnDelete: flag("deprecateOnDelete") ?? false,
    allowPublishedUpdate: allow ?? use(settings.allowPublishedUpdate),
    ...(allow !== undefined ? { allowPublishedUpdateInput: allow } : {}),
    account,
  };
}
