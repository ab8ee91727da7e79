/**
 * The seed: which accounts and flows the emulator starts with. Its JSON shape is a public,
 * stable contract (the CLI's `--seed FILE`, `PUT /__emulator/seed`, `startEmulator({seed})`):
 *
 * ```json
 * {"accounts": [{"sid": "HXAP...", "apiKey": "A...", "flowApi": true,
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
import { FLOW_CATEGORIES, FLOW_STATUSES, FlowStatus, isFlowCategory, isFlowId, isFlowStatus, isHttpsUrl } from "./vocabulary";

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
}

/** One Kaleyra account. */
export interface SeedAccount {
  /** Account SID, the `<sid>` of `/v2/<sid>/...`. */
  readonly sid: string;
  /** The key the `api-key` header must carry. Never shown by the control API. */
  readonly apiKey: string;
  /** `false` simulates an account for which the Flow API is not enabled. Defaults to `true`. */
  readonly flowApi?: boolean;
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
}

/** An account after validation: every default filled in. */
export interface ValidAccount {
  readonly sid: string;
  readonly apiKey: string;
  readonly flowApi: boolean;
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
}

const SEED_KEYS = ["accounts", "$schema"] as const;
const ACCOUNT_KEYS = ["sid", "apiKey", "flowApi", "flows"] as const;
const FLOW_KEYS = ["id", "name", "categories", "endpoint_uri", "status"] as const;
const PATCH_KEYS = ["name", "categories", "endpoint_uri", "status"] as const;

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

    const flowApi = account.flowApi ?? true;
    if (typeof flowApi !== "boolean") check.fail(field(path, "flowApi"), `must be true or false, got ${show(flowApi)}`);

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

    return { sid, apiKey, flowApi, flows };
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
  return patch;
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
  return record as FlowRecord;
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
