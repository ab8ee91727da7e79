import type * as dynamic from "@pulumi/pulumi/dynamic";
import { sameCategories, uniqueCategories } from "./categories";
import { FlowMetadataBody, KaleyraClient } from "./client/kaleyra-client";
import { FlowDetails } from "./client/response";
import { FlowNotFoundError } from "./errors";
import { Account, clientSettings, resolveAccount, SettingSources } from "./settings";
import { isUnknown, MANAGED_FIELDS, validateInputs } from "./validation";

/**
 * A FlowMetadata's inputs after `check`: validated, normalized, and with the account
 * resolved from args, stack config and environment. Never holds the API key.
 */
export interface FlowMetadataState {
  flowId: string;
  name?: string;
  categories?: string[];
  endpointUri?: string;
  sid: string;
  region: string;
  /** Origin of the pod the flow lives on. */
  apiDomain: string;
  /** The flow's status as last read from Kaleyra (`pulumi refresh`); absent until then. */
  status?: string;
}

type ManagedField = (typeof MANAGED_FIELDS)[number];
type Props = Record<string, unknown>;

/** Fields whose change means another flow, or another account: the resource is replaced. */
const REPLACE_FIELDS = ["flowId", "sid", "apiDomain"] as const;

/**
 * check: validates and normalizes every input and resolves the account. Never calls Kaleyra
 * and never needs the API key, so it runs the same in a pull request's preview.
 */
export function check(news: Props, sources: SettingSources): dynamic.CheckResult {
  const { inputs, failures } = validateInputs(news);
  const resolved = resolveAccount({ sid: news.sid, region: news.region, apiDomain: news.apiDomain }, sources);
  return {
    inputs: { ...inputs, ...resolved.account },
    failures: [...failures, ...resolved.failures],
  };
}

/**
 * diff: compares old outputs with new checked inputs, normalized, without calling Kaleyra.
 * Another flow or account replaces; a managed field that changed, or stopped being managed,
 * updates. Values not yet known count as changed.
 */
export function diff(olds: Props, news: Props): dynamic.DiffResult {
  const replaces = REPLACE_FIELDS.filter((field) => differs(field, olds[field], news[field]));
  const updates = [...MANAGED_FIELDS, "region"].filter((field) => differs(field, olds[field], news[field]));
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}

/**
 * create: adopts the existing flow. Flow metadata cannot be created on its own (the flow is
 * created elsewhere, with its JSON), so create sends the managed fields that are set.
 */
export async function create(inputs: Props, sources: SettingSources): Promise<dynamic.CreateResult> {
  const state = stateOf(inputs);
  await clientFor(state, sources).updateFlowMetadata(state.flowId, bodyOf(state));
  return { id: state.flowId, outs: outputsOf(state) };
}

/**
 * update: sends the desired managed fields when any of them differs from the last known
 * values, and returns the complete outputs (they replace the stored ones). Dropping a field
 * from the program only stops managing it: nothing is sent for that.
 */
export async function update(olds: Props, news: Props, sources: SettingSources): Promise<dynamic.UpdateResult> {
  const state = stateOf(news);
  const changed = MANAGED_FIELDS.some((field) => state[field] !== undefined && differs(field, olds[field], state[field]));
  if (changed) await clientFor(state, sources).updateFlowMetadata(state.flowId, bodyOf(state));
  const status = typeof olds.status === "string" ? olds.status : undefined;
  return { outs: outputsOf({ ...state, status }) };
}

/**
 * read (`pulumi refresh`): fetches the flow and reports its managed fields as they are on
 * Kaleyra, so drift shows and the next `up` restores it. A flow that no longer exists (or
 * no longer belongs to the account) is dropped from the stack.
 */
export async function read(id: string, props: Props, sources: SettingSources): Promise<dynamic.ReadResult> {
  const state = stateOf({ flowId: id, ...props });
  let remote: FlowDetails;
  try {
    remote = await clientFor(state, sources).getFlow(state.flowId);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const observed: FlowMetadataState = { ...state, status: remote.status ?? state.status };
  for (const field of MANAGED_FIELDS) {
    if (state[field] === undefined) continue;
    const value = remote[field];
    if (value === undefined) delete observed[field];
    else if (field === "categories") {
      // Same set: keep the program's order, so a refresh shows no spurious reordering.
      const remoteCategories = value as string[];
      observed.categories = state.categories && sameCategories(state.categories, remoteCategories) ? state.categories : uniqueCategories(remoteCategories);
    } else (observed as unknown as Record<ManagedField, unknown>)[field] = value;
  }
  const { status: _status, ...observedInputs } = outputsOf(observed);
  // Inputs as well as outputs (SDK >= 3.216): the engine shows the next preview's diff from
  // old inputs to new ones, so drift then reads `name: "console value" => "program value"`.
  return { id: state.flowId, props: outputsOf(observed), inputs: observedInputs };
}

/** True when a field's old and new values differ, categories compared as sets. */
function differs(field: string, old: unknown, next: unknown): boolean {
  if (isUnknown(next)) return true;
  if (field === "categories" && Array.isArray(old) && Array.isArray(next)) {
    return !sameCategories(old, next);
  }
  return old !== next && !(old === undefined && next === null) && !(old === null && next === undefined);
}

function stateOf(props: Props): FlowMetadataState {
  return {
    flowId: String(props.flowId),
    name: props.name as string | undefined,
    categories: props.categories as string[] | undefined,
    endpointUri: props.endpointUri as string | undefined,
    sid: String(props.sid),
    region: String(props.region),
    apiDomain: String(props.apiDomain),
    status: props.status as string | undefined,
  };
}

/** The JSON body: only the managed fields that are set, in Kaleyra's names. */
function bodyOf(state: FlowMetadataState): FlowMetadataBody {
  const body: FlowMetadataBody = {};
  if (state.name !== undefined) body.name = state.name;
  if (state.endpointUri !== undefined) body.endpoint_uri = state.endpointUri;
  if (state.categories !== undefined) body.categories = state.categories;
  return body;
}

/** Outputs with no undefined keys, so state stays small and diffs stay quiet. */
function outputsOf(state: FlowMetadataState): Props {
  return Object.fromEntries(Object.entries(state).filter(([key, value]) => value !== undefined && key !== "__provider"));
}

function clientFor(state: FlowMetadataState, sources: SettingSources): KaleyraClient {
  const account: Account = { sid: state.sid, region: state.region as Account["region"], apiDomain: state.apiDomain };
  return new KaleyraClient(clientSettings(account, sources));
}
