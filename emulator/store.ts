/**
 * The emulator's accounts and flows, in memory. Lookups on the request path are two Map
 * gets; copies are made only when the control API reads or writes.
 */
import { EmulatorError } from "./errors";
import { checkFlowJson, FlowJsonReport, ValidationError } from "./flow-json";
import { AccountPatch, AccountSettings, FlowPatch, FlowRecord, SeedFile, validateSeed } from "./seed";
import {
  CreateShape,
  DEFAULT_CREATE_SHAPE,
  DEFAULT_ERROR_SHAPE,
  DEFAULT_VALIDATION_STYLE,
  DetailsShape,
  ErrorShape,
  FlowStatus,
  ListShape,
  PublishedUpdate,
  ValidationStyle,
} from "./vocabulary";

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
  /** Set only when the flow overrides its account's setting. */
  validationStyle?: ValidationStyle;
  /** The Flow JSON text as uploaded (or seeded, or set by the control API); set with {@link storeFlowJson}. */
  flowJson?: string;
  /** The validation of {@link flowJson}, made when it was stored (the text never changes without it). */
  report?: FlowJsonReport;
  /** How many times the API (Create's `flow_json`, Update Flow JSON) stored a Flow JSON. */
  uploads?: number;
  /** The preview link Get Flow Details last gave out, kept until it expires or is invalidated. */
  preview?: { readonly url: string; readonly expiresAt: number };
}

/** A flow as the control API shows it: the stored fields, its validation errors and upload count. */
export interface FlowView extends FlowRecord {
  /** Only with a Flow JSON: its validation errors in Meta's full shape (`[]` when valid). */
  readonly validationErrors?: readonly ValidationError[];
  /** Only once the API stored a Flow JSON: how many times it did. */
  readonly uploads?: number;
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
  errorShape?: ErrorShape;
  createShape?: CreateShape;
  validationStyle?: ValidationStyle;
  /** Keyed by id, in insertion order: the order "Get Flows by WABA ID" lists them in. */
  readonly flows: Map<string, StoredFlow>;
}

/** An account as the control API shows it: everything but the API key. */
export interface AccountView extends AccountSettings {
  readonly sid: string;
  readonly flows: FlowView[];
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
      for (const flow of seeded) flows.set(flow.id, storedFlow(flow));
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
    if (patch.errorShape !== undefined) account.errorShape = patch.errorShape;
    if (patch.createShape !== undefined) account.createShape = patch.createShape;
    if (patch.validationStyle !== undefined) account.validationStyle = patch.validationStyle;
    return view(account);
  }

  /** A copy of one flow, or undefined when the account or the flow does not exist. */
  getFlow(sid: string, id: string): FlowView | undefined {
    const flow = this.accounts.get(sid)?.flows.get(id);
    return flow && viewFlow(flow);
  }

  /** Creates or replaces a flow (already validated). Returns whether it was created. */
  setFlow(sid: string, flow: FlowRecord): { created: boolean; flow: FlowView } {
    const account = this.requireAccount(sid);
    const created = !account.flows.has(flow.id);
    const stored = storedFlow(flow);
    account.flows.set(flow.id, stored);
    return { created, flow: viewFlow(stored) };
  }

  /**
   * Replaces a flow's Flow JSON as an edit in WhatsApp Manager would: re-validated, status
   * and upload count unchanged. Throws 404 if absent.
   */
  setFlowJson(sid: string, id: string, text: string): FlowView {
    const flow = this.requireAccount(sid).flows.get(id);
    if (!flow) throw new EmulatorError(`no flow ${id} in account ${sid}`, 404);
    storeFlowJson(flow, text, false);
    return viewFlow(flow);
  }

  /** True when any account has a flow with this id (new ids must be unique across the emulator). */
  hasFlowId(id: string): boolean {
    for (const account of this.accounts.values()) if (account.flows.has(id)) return true;
    return false;
  }

  /** Merges a validated patch into a flow; `null` removes a field. Throws 404 if absent. */
  patchFlow(sid: string, id: string, patch: FlowPatch): FlowView {
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
    const style = patch.validationStyle === undefined ? current.validationStyle : patch.validationStyle;
    if (name !== null && name !== undefined) next.name = name;
    if (categories !== null && categories !== undefined) next.categories = [...categories];
    if (endpoint !== null && endpoint !== undefined) next.endpoint_uri = endpoint;
    next.status = patch.status ?? current.status;
    if (wabaId !== null && wabaId !== undefined) next.wabaId = wabaId;
    if (publishedUpdate !== null && publishedUpdate !== undefined) next.publishedUpdate = publishedUpdate;
    if (style !== null && style !== undefined) next.validationStyle = style;
    // What a patch cannot change rides along: the Flow JSON, its validation, uploads, preview.
    for (const key of ["flowJson", "report", "uploads", "preview"] as const) {
      if (current[key] !== undefined) Object.assign(next, { [key]: current[key] });
    }
    account.flows.set(id, next);
    return viewFlow(next);
  }

  /** Adds a flow made by Create Flow at the end of its account's list. */
  addFlow(sid: string, flow: StoredFlow): void {
    this.requireAccount(sid).flows.set(flow.id, flow);
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

/** The validation style that applies to a flow: its own, else its account's, else `full`. */
export function validationStyleOf(account: StoredAccount, flow?: StoredFlow): ValidationStyle {
  return flow?.validationStyle ?? account.validationStyle ?? DEFAULT_VALIDATION_STYLE;
}

/** The account's error shape (default `kaleyra`). */
export function errorShapeOf(account: StoredAccount): ErrorShape {
  return account.errorShape ?? DEFAULT_ERROR_SHAPE;
}

/** The account's Create Flow answer (default `full`). */
export function createShapeOf(account: StoredAccount): CreateShape {
  return account.createShape ?? DEFAULT_CREATE_SHAPE;
}

/**
 * Stores a Flow JSON text in a flow and validates it; `viaApi` counts it as an upload. The
 * status is the caller's business (an upload to a published flow may revert it; drift does not).
 */
export function storeFlowJson(flow: StoredFlow, text: string, viaApi: boolean): void {
  flow.flowJson = text;
  flow.report = checkFlowJson(text);
  if (viaApi) flow.uploads = (flow.uploads ?? 0) + 1;
}

function view(account: StoredAccount): AccountView {
  const { apiKey: _key, flows, ...settings } = account;
  return { ...settings, flows: [...flows.values()].map(viewFlow) };
}

/** A stored flow from a validated record, its Flow JSON (if any) validated. */
function storedFlow(record: FlowRecord): StoredFlow {
  const { flowJson, ...rest } = record;
  const flow: StoredFlow = { ...rest, categories: record.categories && [...record.categories] } as StoredFlow;
  if (flow.categories === undefined) delete flow.categories;
  if (flowJson !== undefined) storeFlowJson(flow, flowJson, false);
  return flow;
}

/** A flow as a JSON-friendly plain object, copied so callers cannot reach the store. */
function viewFlow(flow: StoredFlow): FlowView {
  const { report, uploads, preview: _preview, flowJson, ...fields } = flow;
  const copy: Record<string, unknown> = { ...fields };
  if (fields.categories) copy.categories = [...fields.categories];
  if (flowJson !== undefined) {
    copy.flowJson = flowJson;
    copy.validationErrors = (report?.errors ?? []).map((e) => ({ ...e, pointers: e.pointers.map((p) => ({ ...p })) }));
  }
  if (uploads) copy.uploads = uploads;
  return copy as unknown as FlowView;
}
