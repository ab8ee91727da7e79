/**
 * The seed: which accounts and flows the emulator starts with. Its JSON shape is a public,
 * stable contract (the CLI's `--seed FILE`, `PUT /__emulator/seed`, `startEmulator({seed})`):
 *
 * ```json
 * {"accounts": [{"sid": "HXAP...", "apiKey": "A...", "wabaId": "1029384756102938", "flowApi": true,
 *   "publishedUpdate": "refuse", "pageSize": 25, "listShape": "envelope", "detailsShape": "envelope",
 *   "flows": [{"id": "1234567890123456", "name": "Sign up", "categories": ["SIGN_UP"],
 *              "endpoint_uri": "https://example.com/f", "status": "DRAFT"}]}]}
 * ```
 *
 * Everything is validated up front, and an error names the entry at fault, because a seed
 * that quietly loads half-right makes every test against it lie.
 */
import { readFileSync } from "node:fs";
import { Checker, field, item, show } from "./check";
import { SeedError } from "./errors";
import {
  DEFAULT_PAGE_SIZE,
  DETAILS_SHAPES,
  DetailsShape,
  FLOW_CATEGORIES,
  FLOW_STATUSES,
  FlowStatus,
  isFlowCategory,
  isFlowId,
  isFlowStatus,
  isHttpsUrl,
  isWabaId,
  LIST_SHAPES,
  ListShape,
  MAX_PAGE_SIZE,
  PUBLISHED_UPDATE_MODES,
  PublishedUpdate,
} from "./vocabulary";

/** One flow as a seed (or the control API) describes it. */
export interface SeedFlow {
  /** The flow id: a string of digits. A JSON number is accepted only if it is a safe integer. */
  readonly id: string | number;
  /** The flow's name; must not be empty or only whitespace. */
  readonly name?: string;
  /** Non-empty list of the nine documented categories (see `FLOW_CATEGORIES`). */
  readonly categories?: readonly string[];
  /** Absolute https URL WhatsApp calls for this flow's data exchange. */
  readonly endpoint_uri?: string;
  /** Defaults to `DRAFT`. `DEPRECATED` and `BLOCKED` flows refuse metadata updates. */
  readonly status?: FlowStatus;
  /** The WABA the flow belongs to, when not the account's `wabaId` (another WABA of the same account). */
  readonly wabaId?: string;
  /** Overrides the account's `publishedUpdate` for this flow. */
  readonly publishedUpdate?: PublishedUpdate;
}

/** One Kaleyra account. */
export interface SeedAccount {
  /** Account SID, the `<sid>` of `/v2/<sid>/...`. */
  readonly sid: string;
  /** The key the `api-key` header must carry. Never shown by the control API. */
  readonly apiKey: string;
  /**
   * The account's default WABA (WhatsApp Business Account) id, a string of digits: the
   * WABA of every flow that names none. Without it only flows with their own `wabaId`
   * can be listed by "Get Flows by WABA ID".
   */
  readonly wabaId?: string;
  /** `false` simulates an account for which the Flow API is not enabled. Defaults to `true`. */
  readonly flowApi?: boolean;
  /** What updating a PUBLISHED or THROTTLED flow does. Defaults to `refuse`. */
  readonly publishedUpdate?: PublishedUpdate;
  /** Page size of "Get Flows by WABA ID" when the request has no `limit`: 1 to 100, default 25. */
  readonly pageSize?: number;
  /** The answer's shape for "Get Flows by WABA ID". Defaults to `envelope`. */
  readonly listShape?: ListShape;
  /** The answer's shape for "Get Flow Details". Defaults to `envelope`. */
  readonly detailsShape?: DetailsShape;
  /** The account's flows. Defaults to none. */
  readonly flows?: readonly SeedFlow[];
}

/** The whole seed: `{"accounts": [...]}`. */
export interface SeedFile {
  readonly accounts: readonly SeedAccount[];
}

/** A flow as the emulator holds it: id normalised to a string, status filled in. */
export interface FlowRecord {
  readonly id: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpoint_uri?: string;
  readonly status: FlowStatus;
  /** Only when the flow is in another WABA than its account's `wabaId`. */
  readonly wabaId?: string;
  /** Only when the flow overrides its account's setting. */
  readonly publishedUpdate?: PublishedUpdate;
}

/** The settings of an account that can change at run time (see {@link AccountPatch}). */
export interface AccountSettings {
  readonly wabaId?: string;
  readonly flowApi: boolean;
  readonly publishedUpdate: PublishedUpdate;
  readonly pageSize: number;
  readonly listShape: ListShape;
  readonly detailsShape: DetailsShape;
}

/** An account after validation: every default filled in (`wabaId` has none). */
export interface ValidAccount extends AccountSettings {
  readonly sid: string;
  readonly apiKey: string;
  readonly flows: readonly FlowRecord[];
}

/** A seed after validation. Assignable to {@link SeedFile}. */
export interface ValidSeed {
  readonly accounts: readonly ValidAccount[];
}

/**
 * A change to a flow (control API `PATCH`, i.e. an edit made in the Kaleyra console).
 * `null` removes an optional field; a field left out is kept.
 */
export interface FlowPatch {
  readonly name?: string | null;
  readonly categories?: readonly string[] | null;
  readonly endpoint_uri?: string | null;
  readonly status?: FlowStatus;
  /** Moves the flow to another WABA of its account; `null` puts it back in the account's. */
  readonly wabaId?: string | null;
  /** Overrides the account's setting for this flow; `null` removes the override. */
  readonly publishedUpdate?: PublishedUpdate | null;
}

/**
 * A change to an account's settings (control API `PATCH /__emulator/accounts/<sid>`).
 * A field left out is kept; `wabaId: null` removes the account's default WABA.
 */
export interface AccountPatch {
  readonly wabaId?: string | null;
  readonly flowApi?: boolean;
  readonly publishedUpdate?: PublishedUpdate;
  readonly pageSize?: number;
  readonly listShape?: ListShape;
  readonly detailsShape?: DetailsShape;
}

const SEED_KEYS = ["accounts", "$schema"] as const;
const ACCOUNT_KEYS = ["sid", "apiKey", "wabaId", "flowApi", "publishedUpdate", "pageSize", "listShape", "detailsShape", "flows"] as const;
const FLOW_KEYS = ["id", "name", "categories", "endpoint_uri", "status", "wabaId", "publishedUpdate"] as const;
const PATCH_KEYS = ["name", "categories", "endpoint_uri", "status", "wabaId", "publishedUpdate"] as const;
const ACCOUNT_PATCH_KEYS = ["wabaId", "flowApi", "publishedUpdate", "pageSize", "listShape", "detailsShape"] as const;

// SIDs go into URL paths and keys into a header; refusing anything else here keeps a
// typo (a trailing space, a pasted newline) from turning into a mysterious RBC001 later.
const SID = /^[A-Za-z0-9_-]+$/;
const API_KEY = /^[\x21-\x7e]+$/;

/**
 * Validates a seed and returns a normalised copy (ids as strings, `flowApi` and `status`
 * filled in). Throws {@link SeedError} naming `source` and the bad entry.
 *
 * @param value  the parsed JSON (or a {@link SeedFile} built in code)
 * @param source what to call the input in messages, e.g. the file name; defaults to `seed`
 */
export function validateSeed(value: unknown, source = "seed"): ValidSeed {
  const check: Checker = new Checker(source);
  const root = check.object(value, "", 'a JSON object like {"accounts": [...]}');
  check.knownKeys(root, "", SEED_KEYS);
  if (!Array.isArray(root.accounts)) check.fail("accounts", `must be an array of accounts, got ${show(root.accounts)}`);

  const sids = new Map<string, string>();
  const accounts = root.accounts.map((entry: unknown, index: number): ValidAccount => {
    const path = item("accounts", index);
    const account = check.object(entry, path, "an object with sid, apiKey, flowApi and flows");
    check.knownKeys(account, path, ACCOUNT_KEYS);

    const sid = account.sid;
    if (typeof sid !== "string" || !SID.test(sid)) {
      check.fail(field(path, "sid"), `must be a non-empty string of letters, digits, "-" or "_", got ${show(sid)}`);
    }
    const previous = sids.get(sid);
    if (previous) check.fail(field(path, "sid"), `"${sid}" is already used by ${previous}`);
    sids.set(sid, path);

    const apiKey = account.apiKey;
    if (typeof apiKey !== "string" || !API_KEY.test(apiKey)) {
      // Never echo the value: it is a credential, even when malformed.
      check.fail(field(path, "apiKey"), "must be a non-empty string of printable characters without spaces");
    }

    const settings = checkAccountSettings(check, account, path);

    const rawFlows = account.flows ?? [];
    if (!Array.isArray(rawFlows)) check.fail(field(path, "flows"), `must be an array of flows, got ${show(rawFlows)}`);
    const ids = new Map<string, string>();
    const flows = rawFlows.map((raw: unknown, flowIndex: number) => {
      const flowPath = item(field(path, "flows"), flowIndex);
      const flow = checkFlow(check, raw, flowPath);
      const duplicate = ids.get(flow.id);
      if (duplicate) check.fail(field(flowPath, "id"), `"${flow.id}" is already used by ${duplicate}`);
      ids.set(flow.id, flowPath);
      return flow;
    });

    return { sid, apiKey, ...settings, flows };
  });
  return { accounts };
}

/**
 * Validates one flow (a seed entry, or the body of the control API's `PUT`). When `id` is
 * given (it comes from the URL), the body may leave its id out but must not contradict it.
 */
export function validateFlow(value: unknown, source: string, id?: string): FlowRecord {
  const check: Checker = new Checker(source);
  if (id !== undefined && !isFlowId(id)) check.fail("id", `must be a string of digits, got ${show(id)}`);
  const body = check.object(value, "", "a flow object");
  if (id !== undefined) {
    const given = body.id;
    if (given !== undefined && String(given) !== id) check.fail("id", `${show(given)} does not match the flow id ${id} in the URL`);
    return checkFlow(check, { ...body, id }, "");
  }
  return checkFlow(check, body, "");
}

/** Validates a {@link FlowPatch}. Throws {@link SeedError} naming `source` and the field. */
export function validateFlowPatch(value: unknown, source: string): FlowPatch {
  const check: Checker = new Checker(source);
  const body = check.object(value, "", "an object with any of name, categories, endpoint_uri, status");
  check.knownKeys(body, "", PATCH_KEYS);
  const patch: { -readonly [K in keyof FlowPatch]: FlowPatch[K] } = {};
  if (body.name !== undefined) patch.name = body.name === null ? null : checkName(check, body.name, "name");
  if (body.categories !== undefined) patch.categories = body.categories === null ? null : checkCategories(check, body.categories, "categories");
  if (body.endpoint_uri !== undefined) patch.endpoint_uri = body.endpoint_uri === null ? null : checkEndpoint(check, body.endpoint_uri, "endpoint_uri");
  if (body.status !== undefined) patch.status = checkStatus(check, body.status, "status");
  if (body.wabaId !== undefined) patch.wabaId = body.wabaId === null ? null : checkWabaId(check, body.wabaId, "wabaId");
  if (body.publishedUpdate !== undefined) patch.publishedUpdate = body.publishedUpdate === null ? null : checkPublishedUpdate(check, body.publishedUpdate, "publishedUpdate");
  return patch;
}

/** Validates an {@link AccountPatch}. Throws {@link SeedError} naming `source` and the field. */
export function validateAccountPatch(value: unknown, source: string): AccountPatch {
  const check: Checker = new Checker(source);
  const body = check.object(value, "", `an object with any of ${ACCOUNT_PATCH_KEYS.join(", ")}`);
  check.knownKeys(body, "", ACCOUNT_PATCH_KEYS);
  const patch: { -readonly [K in keyof AccountPatch]: AccountPatch[K] } = {};
  if (body.wabaId !== undefined) patch.wabaId = body.wabaId === null ? null : checkWabaId(check, body.wabaId, "wabaId");
  if (body.flowApi !== undefined) patch.flowApi = checkBoolean(check, body.flowApi, "flowApi");
  if (body.publishedUpdate !== undefined) patch.publishedUpdate = checkPublishedUpdate(check, body.publishedUpdate, "publishedUpdate");
  if (body.pageSize !== undefined) patch.pageSize = checkPageSize(check, body.pageSize, "pageSize");
  if (body.listShape !== undefined) patch.listShape = checkOneOf(check, body.listShape, "listShape", LIST_SHAPES);
  if (body.detailsShape !== undefined) patch.detailsShape = checkOneOf(check, body.detailsShape, "detailsShape", DETAILS_SHAPES);
  return patch;
}

/** Validates a publishedUpdate mode on its own (the `setPublishedUpdate` accessor, the CLI). */
export function validatePublishedUpdate(value: unknown, source: string, path = "publishedUpdate"): PublishedUpdate {
  return checkPublishedUpdate(new Checker(source), value, path);
}

/**
 * Reads and validates a seed file. Throws a {@link SeedError} whose message starts with
 * the path as given, then the entry at fault (or why the file could not be read or parsed).
 */
export function loadSeedFile(path: string): ValidSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedError(path, "", `cannot read the seed file (${code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedError(path, "", `not valid JSON (${(error as Error).message})`);
  }
  return validateSeed(value, path);
}

function checkFlow(check: Checker, value: unknown, path: string): FlowRecord {
  const flow = check.object(value, path, "a flow object with id, name, categories, endpoint_uri and status");
  check.knownKeys(flow, path, FLOW_KEYS);
  const id = checkId(check, flow.id, field(path, "id"));
  // Built key by key so the control API lists fields in the seed's order.
  const record: { -readonly [K in keyof FlowRecord]?: FlowRecord[K] } = { id };
  if (flow.name !== undefined) record.name = checkName(check, flow.name, field(path, "name"));
  if (flow.categories !== undefined) record.categories = checkCategories(check, flow.categories, field(path, "categories"));
  if (flow.endpoint_uri !== undefined) record.endpoint_uri = checkEndpoint(check, flow.endpoint_uri, field(path, "endpoint_uri"));
  record.status = flow.status === undefined ? "DRAFT" : checkStatus(check, flow.status, field(path, "status"));
  if (flow.wabaId !== undefined) record.wabaId = checkWabaId(check, flow.wabaId, field(path, "wabaId"));
  if (flow.publishedUpdate !== undefined) record.publishedUpdate = checkPublishedUpdate(check, flow.publishedUpdate, field(path, "publishedUpdate"));
  return record as FlowRecord;
}

/** The account's settings with their defaults, in the order views list them. */
function checkAccountSettings(check: Checker, account: Record<string, unknown>, path: string): AccountSettings {
  const settings: { -readonly [K in keyof AccountSettings]?: AccountSettings[K] } = {};
  if (account.wabaId !== undefined) settings.wabaId = checkWabaId(check, account.wabaId, field(path, "wabaId"));
  settings.flowApi = account.flowApi === undefined ? true : checkBoolean(check, account.flowApi, field(path, "flowApi"));
  settings.publishedUpdate = account.publishedUpdate === undefined ? "refuse" : checkPublishedUpdate(check, account.publishedUpdate, field(path, "publishedUpdate"));
  settings.pageSize = account.pageSize === undefined ? DEFAULT_PAGE_SIZE : checkPageSize(check, account.pageSize, field(path, "pageSize"));
  settings.listShape = account.listShape === undefined ? "envelope" : checkOneOf(check, account.listShape, field(path, "listShape"), LIST_SHAPES);
  settings.detailsShape = account.detailsShape === undefined ? "envelope" : checkOneOf(check, account.detailsShape, field(path, "detailsShape"), DETAILS_SHAPES);
  return settings as AccountSettings;
}

function checkBoolean(check: Checker, value: unknown, path: string): boolean {
  if (typeof value !== "boolean") check.fail(path, `must be true or false, got ${show(value)}`);
  return value;
}

function checkWabaId(check: Checker, id: unknown, path: string): string {
  // WABA ids are as long as flow ids: the same rule about JSON numbers applies.
  if (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (isWabaId(id)) return id;
  if (typeof id === "number") check.fail(path, `${show(id)} is not a safe integer; write WABA ids as strings of digits`);
  return check.fail(path, `must be a string of digits (a WABA id), got ${show(id)}`);
}

function checkPublishedUpdate(check: Checker, mode: unknown, path: string): PublishedUpdate {
  return checkOneOf(check, mode, path, PUBLISHED_UPDATE_MODES);
}

function checkPageSize(check: Checker, size: unknown, path: string): number {
  if (!Number.isSafeInteger(size) || (size as number) < 1 || (size as number) > MAX_PAGE_SIZE) {
    check.fail(path, `must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${show(size)}`);
  }
  return size as number;
}

function checkOneOf<T extends string>(check: Checker, value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    check.fail(path, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${show(value)}`);
  }
  return value as T;
}

function checkId(check: Checker, id: unknown, path: string): string {
  // Flow ids are 15-17 digits: past 2^53 a JSON number has already lost digits, so a
  // number is accepted only while it is still exact.
  if (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (isFlowId(id)) return id;
  if (typeof id === "number") check.fail(path, `${show(id)} is not a safe integer; write flow ids as strings of digits`);
  return check.fail(path, `must be a string of digits, got ${show(id)}`);
}

function checkName(check: Checker, name: unknown, path: string): string {
  if (typeof name !== "string" || name.trim() === "") check.fail(path, `must be a non-empty string, got ${show(name)}`);
  return name;
}

function checkCategories(check: Checker, categories: unknown, path: string): string[] {
  if (!Array.isArray(categories) || categories.length === 0) {
    check.fail(path, `must be a non-empty array of categories (${FLOW_CATEGORIES.join(", ")}), got ${show(categories)}`);
  }
  categories.forEach((category: unknown, index: number) => {
    if (!isFlowCategory(category)) {
      check.fail(item(path, index), `${show(category)} is not a Kaleyra flow category (one of ${FLOW_CATEGORIES.join(", ")})`);
    }
  });
  return [...(categories as string[])];
}

function checkEndpoint(check: Checker, uri: unknown, path: string): string {
  if (!isHttpsUrl(uri)) check.fail(path, `must be an absolute https URL, got ${show(uri)}`);
  return uri;
}

function checkStatus(check: Checker, status: unknown, path: string): FlowStatus {
  if (!isFlowStatus(status)) check.fail(path, `${show(status)} is not a flow status (one of ${FLOW_STATUSES.join(", ")})`);
  return status;
}

/** Copies a flow with its id as a JSON-friendly plain object (categories array copied). */
export function copyFlow(flow: FlowRecord): FlowRecord {
  return flow.categories ? { ...flow, categories: [...flow.categories] } : { ...flow };
}
