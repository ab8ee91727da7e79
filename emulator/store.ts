/**
 * The emulator's accounts and flows, in memory. Lookups on the request path are two Map
 * gets; copies are made only when the control API reads or writes.
 */
import { EmulatorError } from "./errors";
import { AccountPatch, AccountSettings, FlowPatch, FlowRecord, SeedFile, validateSeed } from "./seed";
import type { DetailsShape, FlowStatus, ListShape, PublishedUpdate } from "./vocabulary";

/** A flow as stored: mutable inside the emulator, copied on the way out. */
export interface StoredFlow {
  id: string;
  name?: string;
  categories?: string[];
  endpoint_uri?: string;
  status: FlowStatus;
  /** Set only when the flow is in another WABA than its account's. */
  wabaId?: string;
  /** Set only when the flow overrides its account's setting. */
  publishedUpdate?: PublishedUpdate;
}

/** An account as stored. Its settings change at run time (control API `PATCH`), its identity does not. */
export interface StoredAccount {
  readonly sid: string;
  readonly apiKey: string;
  wabaId?: string;
  flowApi: boolean;
  publishedUpdate: PublishedUpdate;
  pageSize: number;
  listShape: ListShape;
  detailsShape: DetailsShape;
  /** Keyed by id, in insertion order: the order "Get Flows by WABA ID" lists them in. */
  readonly flows: Map<string, StoredFlow>;
}

/** An account as the control API shows it: everything but the API key. */
export interface AccountView extends AccountSettings {
  readonly sid: string;
  readonly flows: FlowRecord[];
}

/** Accounts keyed by SID, each with its flows keyed by id. */
export class FlowStore {
  private accounts = new Map<string, StoredAccount>();

  /** Builds a store from a seed (validated here, so a store is never half-loaded). */
  constructor(seed: SeedFile | unknown, source = "seed") {
    this.load(seed, source);
  }

  /** Replaces every account with the seed's. Throws {@link SeedError} and changes nothing if it does not validate. */
  load(seed: SeedFile | unknown, source = "seed"): void {
    const valid = validateSeed(seed, source);
    const accounts = new Map<string, StoredAccount>();
    for (const { flows: seeded, ...account } of valid.accounts) {
      const flows = new Map<string, StoredFlow>();
      for (const flow of seeded) flows.set(flow.id, copyFlow(flow) as StoredFlow);
      accounts.set(account.sid, { ...account, flows });
    }
    this.accounts = accounts;
  }

  /** The account with this SID, for the request path (no copy). */
  account(sid: string): StoredAccount | undefined {
    return this.accounts.get(sid);
  }

  /** Every account and flow, API keys left out. */
  snapshot(): AccountView[] {
    return [...this.accounts.values()].map(view);
  }

  /** One account without its API key, or undefined. */
  accountView(sid: string): AccountView | undefined {
    const account = this.accounts.get(sid);
    return account && view(account);
  }

  /** Applies a validated settings patch to an account. Throws 404 if absent. */
  patchAccount(sid: string, patch: AccountPatch): AccountView {
    const account = this.requireAccount(sid);
    if (patch.wabaId === null) delete account.wabaId;
    else if (patch.wabaId !== undefined) account.wabaId = patch.wabaId;
    if (patch.flowApi !== undefined) account.flowApi = patch.flowApi;
    if (patch.publishedUpdate !== undefined) account.publishedUpdate = patch.publishedUpdate;
    if (patch.pageSize !== undefined) account.pageSize = patch.pageSize;
    if (patch.listShape !== undefined) account.listShape = patch.listShape;
    if (patch.detailsShape !== undefined) account.detailsShape = patch.detailsShape;
    return view(account);
  }

  /** A copy of one flow, or undefined when the account or the flow does not exist. */
  getFlow(sid: string, id: string): FlowRecord | undefined {
    const flow = this.accounts.get(sid)?.flows.get(id);
    return flow && copyFlow(flow);
  }

  /** Creates or replaces a flow (already validated). Returns whether it was created. */
  setFlow(sid: string, flow: FlowRecord): { created: boolean; flow: FlowRecord } {
    const account = this.requireAccount(sid);
    const created = !account.flows.has(flow.id);
    account.flows.set(flow.id, copyFlow(flow) as StoredFlow);
    return { created, flow: copyFlow(flow) };
  }

  /** Merges a validated patch into a flow; `null` removes a field. Throws 404 if absent. */
  patchFlow(sid: string, id: string, patch: FlowPatch): FlowRecord {
    const account = this.requireAccount(sid);
    const current = account.flows.get(id);
    if (!current) throw new EmulatorError(`no flow ${id} in account ${sid}`, 404);
    // Rebuilt in the seed's key order rather than mutated, so views stay tidy. Replacing
    // the value of an existing Map key keeps the flow's place in the listing order.
    const next = { id } as StoredFlow;
    const name = patch.name === undefined ? current.name : patch.name;
    const categories = patch.categories === undefined ? current.categories : patch.categories;
    const endpoint = patch.endpoint_uri === undefined ? current.endpoint_uri : patch.endpoint_uri;
    const wabaId = patch.wabaId === undefined ? current.wabaId : patch.wabaId;
    const publishedUpdate = patch.publishedUpdate === undefined ? current.publishedUpdate : patch.publishedUpdate;
    if (name !== null && name !== undefined) next.name = name;
    if (categories !== null && categories !== undefined) next.categories = [...categories];
    if (endpoint !== null && endpoint !== undefined) next.endpoint_uri = endpoint;
    next.status = patch.status ?? current.status;
    if (wabaId !== null && wabaId !== undefined) next.wabaId = wabaId;
    if (publishedUpdate !== null && publishedUpdate !== undefined) next.publishedUpdate = publishedUpdate;
    account.flows.set(id, next);
    return copyFlow(next);
  }

  /** Removes a flow (as if deleted in the Kaleyra console). Returns whether it existed. */
  deleteFlow(sid: string, id: string): boolean {
    return this.accounts.get(sid)?.flows.delete(id) ?? false;
  }

  private requireAccount(sid: string): StoredAccount {
    const account = this.accounts.get(sid);
    if (!account) throw new EmulatorError(`no account ${sid} in the seed`, 404);
    return account;
  }
}

/** The WABA a flow is in: its own, else its account's default (possibly none). */
export function wabaOf(account: StoredAccount, flow: StoredFlow): string | undefined {
  return flow.wabaId ?? account.wabaId;
}

/** The publishedUpdate mode that applies to a flow: its own, else its account's. */
export function publishedUpdateOf(account: StoredAccount, flow: StoredFlow): PublishedUpdate {
  return flow.publishedUpdate ?? account.publishedUpdate;
}

function view(account: StoredAccount): AccountView {
  const { apiKey: _key, flows, ...settings } = account;
  return { ...settings, flows: [...flows.values()].map(copyFlow) };
}

/** Copies a flow as a JSON-friendly plain object (categories array copied), so callers cannot reach the store. */
function copyFlow(flow: FlowRecord): FlowRecord {
  return flow.categories ? { ...flow, categories: [...flow.categories] } : { ...flow };
}
