/**
 * Everything the emulator holds (accounts and flows, fault rules, request log) behind one
 * set of methods. The control API (control.ts) and the in-process accessors of
 * `RunningEmulator` both call these, so the two can never drift apart.
 */
import { AssetLinks } from "./downloads";
import { EmulatorError } from "./errors";
import { ActiveFault, FaultRule, FaultSet, validateFaultRules } from "./faults";
import { FlowTransition, nextStatus } from "./flow-status";
import { EmulatorStats, LoggedRequest, RequestFilter, RequestLog, RequestLogLimits } from "./request-log";
import {
  AccountPatch,
  FlowPatch,
  SeedFile,
  SeedFlow,
  validateAccountPatch,
  validateFlow,
  validateFlowPatch,
} from "./seed";
import { AccountView, FlowStore, FlowView } from "./store";
import { CREATE_SHAPES, CreateShape, ERROR_SHAPES, ErrorShape, PublishedUpdate, ValidationStyle } from "./vocabulary";

/**
 * The read and write operations on a running emulator, synchronous. `RunningEmulator`
 * offers these in process; `EmulatorControl` offers the same over HTTP, as promises.
 */
export interface EmulatorAccess {
  /** The `/v2` request log, oldest first, optionally filtered. */
  requests(filter?: RequestFilter): LoggedRequest[];
  /** Empties the request log and restarts `maxInFlight` from the current in-flight count. */
  clearRequests(): void;
  /** Request counters. */
  stats(): EmulatorStats;
  /** Every account (without its API key) and its flows. */
  flows(): AccountView[];
  /**
   * One flow, or undefined when the account or the flow does not exist. With a Flow JSON it
   * shows `flowJson`, `validationErrors` (Meta's full shape) and, once the API stored one, `uploads`.
   */
  getFlow(sid: string, flowId: string): FlowView | undefined;
  /** Creates or replaces a flow in an existing account. Throws on invalid input or unknown account. */
  setFlow(sid: string, flow: SeedFlow): FlowView;
  /** Changes some fields of a flow, as an edit in the Kaleyra console would. `null` removes a field. */
  patchFlow(sid: string, flowId: string, patch: FlowPatch): FlowView;
  /**
   * Replaces a flow's Flow JSON with `text` (any text, valid or not), as an edit in WhatsApp
   * Manager would: re-validated, status unchanged, not counted in `uploads`. Throws 404 if absent.
   */
  setFlowJson(sid: string, flowId: string, text: string): FlowView;
  /** Deletes a flow, as if deleted remotely. Returns whether it existed. */
  deleteFlow(sid: string, flowId: string): boolean;
  /** Publishes a DRAFT flow (DRAFT → PUBLISHED). Throws with status 409 for any other status, 404 if absent. */
  publishFlow(sid: string, flowId: string): FlowView;
  /**
   * Deprecates a published flow (PUBLISHED or THROTTLED → DEPRECATED). Throws with status 409
   * for any other status, 404 if absent.
   */
  deprecateFlow(sid: string, flowId: string): FlowView;
  /** One account's settings and flows (never its key), or undefined. */
  getAccount(sid: string): AccountView | undefined;
  /**
   * Changes some settings of an account (`wabaId`, `flowApi`, `publishedUpdate`, `pageSize`,
   * `listShape`, `detailsShape`, `errorShape`, `createShape`, `validationStyle`).
   */
  patchAccount(sid: string, patch: AccountPatch): AccountView;
  /**
   * Sets what updating a PUBLISHED or THROTTLED flow does: for the account, or with
   * `flowId` for that flow only (`null` then removes the flow's own setting).
   */
  setPublishedUpdate(sid: string, mode: PublishedUpdate | null, flowId?: string): void;
  /** Sets the shape of Meta's errors on the lifecycle routes for an account. */
  setErrorShape(sid: string, shape: ErrorShape): void;
  /** Sets what Create Flow answers for an account. */
  setCreateShape(sid: string, shape: CreateShape): void;
  /**
   * Sets how validation errors are written: for the account, or with `flowId` for that flow
   * only (`null` then removes the flow's own setting).
   */
  setValidationStyle(sid: string, style: ValidationStyle | null, flowId?: string): void;
  /** The asset downloads in the request log, oldest first (`requests({download: true})`). */
  downloads(): LoggedRequest[];
  /** The active fault rules. */
  faults(): ActiveFault[];
  /** Adds a fault rule; returns its id. */
  addFault(rule: FaultRule): string;
  /** Removes one fault rule; returns whether it existed. */
  removeFault(id: string): boolean;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Replaces every account with a new seed, and clears the request log, faults and counters. */
  loadSeed(seed: SeedFile): void;
}

/** The emulator's state. Validation errors are thrown as {@link EmulatorError}s. */
export class EmulatorState implements EmulatorAccess {
  readonly store: FlowStore;
  readonly faultSet = new FaultSet();
  readonly log: RequestLog;
  /** The download links Get Flow Assets gave out. */
  readonly assetLinks = new AssetLinks();

  constructor(seed: SeedFile | unknown, source = "seed", limits?: RequestLogLimits) {
    this.store = new FlowStore(seed, source);
    this.log = new RequestLog(limits);
  }

  requests(filter?: RequestFilter): LoggedRequest[] {
    return this.log.list(filter);
  }

  clearRequests(): void {
    this.log.clear();
  }

  stats(): EmulatorStats {
    return this.log.stats();
  }

  flows(): AccountView[] {
    return this.store.snapshot();
  }

  getFlow(sid: string, flowId: string): FlowView | undefined {
    return this.store.getFlow(sid, flowId);
  }

  setFlow(sid: string, flow: SeedFlow | unknown, source = `setFlow(${sid})`, flowId?: string): FlowView {
    return this.putFlow(sid, flow, source, flowId).flow;
  }

  setFlowJson(
    sid: string,
    flowId: string,
    text: string | unknown,
    source = `setFlowJson(${sid}, ${flowId})`,
  ): FlowView {
    this.requireAccount(sid);
    if (typeof text !== "string") throw new EmulatorError(`${source}: the Flow JSON must be a string (its text)`);
    return this.store.setFlowJson(sid, flowId, text);
  }

  /** {@link setFlow}, also telling whether the flow was created (the control API answers 201 then). */
  putFlow(
    sid: string,
    flow: SeedFlow | unknown,
    source: string,
    flowId?: string,
  ): { created: boolean; flow: FlowView } {
    this.requireAccount(sid);
    return this.store.setFlow(sid, validateFlow(flow, source, flowId));
  }

  patchFlow(
    sid: string,
    flowId: string,
    patch: FlowPatch | unknown,
    source = `patchFlow(${sid}, ${flowId})`,
  ): FlowView {
    this.requireAccount(sid);
    if (!this.store.getFlow(sid, flowId)) throw new EmulatorError(`no flow ${flowId} in account ${sid}`, 404);
    return this.store.patchFlow(sid, flowId, validateFlowPatch(patch, source));
  }

  deleteFlow(sid: string, flowId: string): boolean {
    return this.store.deleteFlow(sid, flowId);
  }

  publishFlow(sid: string, flowId: string): FlowView {
    return this.transitionFlow(sid, flowId, "publish");
  }

  deprecateFlow(sid: string, flowId: string): FlowView {
    return this.transitionFlow(sid, flowId, "deprecate");
  }

  /** Moves a flow's status as Kaleyra's Publish or Deprecate endpoint would (without their Flow JSON checks). */
  transitionFlow(sid: string, flowId: string, transition: FlowTransition): FlowView {
    this.requireAccount(sid);
    const flow = this.store.account(sid)?.flows.get(flowId);
    if (!flow) throw new EmulatorError(`no flow ${flowId} in account ${sid}`, 404);
    return this.store.patchFlow(sid, flowId, { status: nextStatus(flow, transition) });
  }

  getAccount(sid: string): AccountView | undefined {
    return this.store.accountView(sid);
  }

  patchAccount(sid: string, patch: AccountPatch | unknown, source = `patchAccount(${sid})`): AccountView {
    this.requireAccount(sid);
    return this.store.patchAccount(sid, validateAccountPatch(patch, source));
  }

  setPublishedUpdate(sid: string, mode: PublishedUpdate | null, flowId?: string): void {
    const source = `setPublishedUpdate(${sid}${flowId === undefined ? "" : `, ${flowId}`})`;
    if (flowId !== undefined) {
      this.patchFlow(sid, flowId, { publishedUpdate: mode }, source);
      return;
    }
    // The account patch's own check refuses null here: an account's setting has a default, not an absence.
    this.patchAccount(sid, { publishedUpdate: mode }, source);
  }

  setErrorShape(sid: string, shape: ErrorShape): void {
    oneOf(shape, ERROR_SHAPES, `setErrorShape(${sid})`);
    this.patchAccount(sid, { errorShape: shape }, `setErrorShape(${sid})`);
  }

  setCreateShape(sid: string, shape: CreateShape): void {
    oneOf(shape, CREATE_SHAPES, `setCreateShape(${sid})`);
    this.patchAccount(sid, { createShape: shape }, `setCreateShape(${sid})`);
  }

  setValidationStyle(sid: string, style: ValidationStyle | null, flowId?: string): void {
    const source = `setValidationStyle(${sid}${flowId === undefined ? "" : `, ${flowId}`})`;
    if (flowId !== undefined) {
      this.patchFlow(sid, flowId, { validationStyle: style }, source);
      return;
    }
    this.patchAccount(sid, { validationStyle: style }, source);
  }

  downloads(): LoggedRequest[] {
    return this.log.list({ download: true });
  }

  faults(): ActiveFault[] {
    return this.faultSet.list();
  }

  addFault(rule: FaultRule | unknown, source = "fault"): string {
    return this.faultSet.add(rule, source);
  }

  /** Validates one rule or `{"faults": [...]}` whole before adding any, so a bad list adds nothing. */
  addFaults(rules: unknown, source = "fault"): string[] {
    return validateFaultRules(rules, source).map((rule) => this.faultSet.add(rule, source));
  }

  removeFault(id: string): boolean {
    return this.faultSet.remove(id);
  }

  clearFaults(): void {
    this.faultSet.clear();
  }

  loadSeed(seed: SeedFile | unknown, source = "seed"): void {
    this.store.load(seed, source); // throws before anything is cleared if the seed is bad
    this.log.reset();
    this.faultSet.clear();
    this.assetLinks.clear();
  }

  private requireAccount(sid: string): void {
    if (!this.store.account(sid)) throw new EmulatorError(`no account ${sid} in the seed`, 404);
  }
}

/** The account patch validates too; this only names the setter in the message when the value is wrong. */
function oneOf(value: unknown, allowed: readonly string[], source: string): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new EmulatorError(
      `${source}: must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
}
