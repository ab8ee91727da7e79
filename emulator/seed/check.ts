/**
 * Validates seeds, flows and patches: the schema first (schema.ts), then the rules a schema
 * cannot say (unique SIDs, unique flow ids per account, a body's id matching its URL), then a
 * normalised copy: ids as strings, defaults filled in, keys in the contract's order.
 */
import Ajv, { SchemaObject, ValidateFunction } from "ajv";
import { field, isObject, item, show } from "../check";
import { InputProblem, SeedError } from "../errors";
import { isHttpsUrl } from "../vocabulary";
import {
  ACCOUNT_DEFAULTS,
  AccountPatch,
  DEFAULT_FLOW_STATUS,
  FlowPatch,
  FlowRecord,
  SeedAccount,
  SeedFile,
  SeedFlow,
  ValidAccount,
  ValidSeed,
} from "./contract";
import { problemsOf } from "./problems";
import { ACCOUNT_PATCH_SCHEMA, FLOW_PATCH_SCHEMA, FLOW_SCHEMA, HTTPS_URL_FORMAT, SEED_SCHEMA } from "./schema";

let ajv: Ajv | undefined;

/** A check against `schema`, compiled on first use: compiling is most of its cost, and a run may never need it. */
function checker<T>(schema: SchemaObject): (value: unknown, source: string) => T {
  let validate: ValidateFunction<T> | undefined;
  return (value, source) => {
    if (!ajv) {
      // allErrors: a seed with three typos is fixed in one round, not three. verbose: the messages
      // quote the value and the failing node's description. Union types: ids may be numbers.
      ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
      ajv.addFormat(HTTPS_URL_FORMAT, isHttpsUrl);
    }
    validate ??= ajv.compile<T>(schema);
    if (!validate(value)) throw seedError(source, problemsOf(validate.errors ?? []));
    return value;
  };
}

const checkSeed = checker<SeedFile>(SEED_SCHEMA);
const checkFlow = checker<SeedFlow>(FLOW_SCHEMA);
const checkFlowPatch = checker<FlowPatch>(FLOW_PATCH_SCHEMA);
const checkAccountPatch = checker<AccountPatch>(ACCOUNT_PATCH_SCHEMA);

/**
 * Validates a seed and returns a normalised copy (ids as strings, `flowApi` and `status`
 * filled in). Throws {@link SeedError} naming `source` and every bad entry.
 *
 * @param value  the parsed JSON (or a {@link SeedFile} built in code)
 * @param source what to call the input in messages, e.g. the file name; defaults to `seed`
 */
export function validateSeed(value: unknown, source = "seed"): ValidSeed {
  const accounts = checkSeed(value, source).accounts.map(normaliseAccount);
  const problems = [
    ...duplicates(
      accounts.map((account) => account.sid),
      "accounts",
      "sid",
    ),
    ...accounts.flatMap((account, index) =>
      duplicates(
        account.flows.map((flow) => flow.id),
        field(item("accounts", index), "flows"),
        "id",
      ),
    ),
  ];
  if (problems.length > 0) throw seedError(source, problems);
  return { accounts };
}

/**
 * Validates one flow (a seed entry, or the body of the control API's `PUT`). When `urlId` is
 * given (it comes from the URL), the body may leave its id out but must not contradict it.
 */
export function validateFlow(value: unknown, source: string, urlId?: string): FlowRecord {
  if (urlId !== undefined && isObject(value)) {
    if (value.id !== undefined && String(value.id) !== urlId) {
      throw new SeedError(source, "id", `${show(value.id)} does not match the flow id ${urlId} in the URL`);
    }
    return normaliseFlow(checkFlow({ ...value, id: urlId }, source));
  }
  return normaliseFlow(checkFlow(value, source));
}

/** Validates a {@link FlowPatch}. Throws {@link SeedError} naming `source` and the fields. */
export function validateFlowPatch(value: unknown, source: string): FlowPatch {
  const patch = checkFlowPatch(value, source);
  return definedOnly({ ...patch, categories: patch.categories && [...patch.categories], wabaId: digits(patch.wabaId) });
}

/** Validates an {@link AccountPatch}. Throws {@link SeedError} naming `source` and the fields. */
export function validateAccountPatch(value: unknown, source: string): AccountPatch {
  const patch = checkAccountPatch(value, source);
  return definedOnly({ ...patch, wabaId: digits(patch.wabaId) });
}

function seedError(source: string, [first, ...more]: readonly InputProblem[]): SeedError {
  return new SeedError(source, first?.path ?? "", first?.problem ?? "does not validate", more);
}

/** `accounts[1].sid: "X" is already used by accounts[0]`, for each value an earlier entry has. */
function duplicates(values: readonly string[], list: string, key: string): InputProblem[] {
  const firstAt = new Map<string, string>();
  const problems: InputProblem[] = [];
  values.forEach((value, index) => {
    const earlier = firstAt.get(value);
    const at = item(list, index);
    if (earlier) problems.push({ path: field(at, key), problem: `"${value}" is already used by ${earlier}` });
    else firstAt.set(value, at);
  });
  return problems;
}

// Built key by key, in the contract's order, so the control API lists fields tidily whatever
// order the input had; a field set to `undefined` in code counts as left out.
function normaliseAccount(account: SeedAccount): ValidAccount {
  return definedOnly({
    sid: account.sid,
    apiKey: account.apiKey,
    wabaId: digits(account.wabaId),
    flowApi: account.flowApi ?? ACCOUNT_DEFAULTS.flowApi,
    publishedUpdate: account.publishedUpdate ?? ACCOUNT_DEFAULTS.publishedUpdate,
    pageSize: account.pageSize ?? ACCOUNT_DEFAULTS.pageSize,
    listShape: account.listShape ?? ACCOUNT_DEFAULTS.listShape,
    detailsShape: account.detailsShape ?? ACCOUNT_DEFAULTS.detailsShape,
    // No defaults filled in: these three show only when set, so views stay as they were without them.
    errorShape: account.errorShape,
    createShape: account.createShape,
    validationStyle: account.validationStyle,
    flows: (account.flows ?? []).map(normaliseFlow),
  });
}

function normaliseFlow(flow: SeedFlow): FlowRecord {
  return definedOnly({
    id: String(flow.id),
    name: flow.name,
    categories: flow.categories && [...flow.categories],
    endpoint_uri: flow.endpoint_uri,
    status: flow.status ?? DEFAULT_FLOW_STATUS,
    wabaId: digits(flow.wabaId),
    publishedUpdate: flow.publishedUpdate,
    validationStyle: flow.validationStyle,
    flowJson: flow.flowJson,
  });
}

/** An id the schema let through as a (safe integer) JSON number, as the string the emulator stores. */
function digits<T>(id: T): T {
  return (typeof id === "number" ? String(id) : id) as T;
}

/** A copy without the keys whose value is `undefined`, so views never show them. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
