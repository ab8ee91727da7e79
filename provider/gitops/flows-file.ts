import { readFileSync } from "node:fs";
import {
  checkCategories,
  checkFlowId,
  checkName,
  checkSid,
  FLOW_ID_REQUIRED,
  type FlowCategory,
  type InputProperty,
  type InputValues,
  isFlowCategory,
  isInputProperty,
  isRecord,
  MANAGED_FIELDS,
  NOTHING_TO_MANAGE,
  own,
  type Region,
  ruleFor,
  unknownPropertyReason,
} from "../rules";
import { closest } from "../text/closest";
import { escapeControls, kindOf, quote, QUOTE_MAX_LENGTH, show as showValue } from "../text/quote";
import { formatKey, formatPath, sortProblems, type FlowsFileProblem, type PathSegment } from "./problems";
import { readSource, type SourceDocument } from "./source";

/**
 * The flows file: a declarative list of FlowMetadata resources, read and checked without
 * Pulumi (this module must never import `@pulumi/pulumi`: the CLI and pre-commit hooks load
 * it and must stay fast). Field rules and their messages come from the one rule table in
 * ../rules (the provider's `check` uses the same), so a problem reads the same here as in
 * `pulumi preview`; this module adds the file's own rules (shape, version, resource names,
 * duplicates) and each problem's line.
 */

/** The only version of the file format there is. */
export const FLOWS_FILE_VERSION = 1;

/** Keys allowed at the top of a flows file. `$schema` lets JSON files name the schema. */
export const FLOWS_FILE_KEYS = ["$schema", "version", "defaults", "flows"] as const;

/** Keys allowed under `defaults`: the account selection shared by every flow, and the opt-in. */
export const DEFAULTS_KEYS = ["sid", "region", "apiDomain", "allowPublishedUpdate"] as const;

/** What a resource name (a key under `flows`) may be made of. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The FlowMetadata inputs of one flow, validated and normalized, defaults applied. */
export interface FlowsFileArgs {
  /** The flow id, a string of digits. */
  readonly flowId: string;
  /** The name, trimmed. */
  readonly name?: string;
  /** The categories, repeats dropped, in the order written. */
  readonly categories?: FlowCategory[];
  /** The https endpoint. */
  readonly endpointUri?: string;
  /** The account SID, from the flow or from `defaults`. */
  readonly sid?: string;
  /** The region, upper case, from the flow or from `defaults`. */
  readonly region?: Region;
  /** The API origin (e.g. `https://api.in.kaleyra.io`), from the flow or from `defaults`. */
  readonly apiDomain?: string;
  /** Whether `pulumi up` may change the flow while it is PUBLISHED, from the flow or from `defaults`. */
  readonly allowPublishedUpdate?: boolean;
}

/** One flow declared in a flows file. */
export interface FlowsFileEntry {
  /** The Pulumi resource name: the flow's key under `flows`. */
  readonly resourceName: string;
  /** The FlowMetadata inputs. */
  readonly args: FlowsFileArgs;
  /** The file it was declared in. */
  readonly file: string;
  /** The line of its resource name. */
  readonly line: number;
}

/** The outcome of reading a flows file. */
export interface FlowsFileResult {
  /**
   * The flows whose own fields are valid, in file order. Declare them only when `problems`
   * is empty: a file with problems is rejected whole.
   */
  readonly flows: FlowsFileEntry[];
  /** Every problem in the file, in line order; empty when the file is good. */
  readonly problems: FlowsFileProblem[];
}

/**
 * Reads and checks a flows file. Pure and fast: no Pulumi, no network, no credentials.
 * A file that cannot be read is reported as a problem (line 0), never thrown.
 *
 * @param path The file, YAML (any name) or JSON (`*.json`); relative to the working directory.
 */
export function validateFlowsFile(path: string): FlowsFileResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    const message = `cannot read the flows file: ${escapeControls(reason)}.`;
    return { flows: [], problems: [{ file: path, line: 0, path: "", message }] };
  }
  return parseFlowsText(text, path);
}

/**
 * Checks the text of a flows file: every problem is reported at once, each with its line.
 *
 * @param text The file's contents.
 * @param fileName The name to report problems against; `*.json` is read as strict JSON.
 */
export function parseFlowsText(text: string, fileName: string): FlowsFileResult {
  const read = readSource(text, fileName);
  if (!read.ok) {
    // A broken document has no reliable shape: checking it further would only add noise.
    return { flows: [], problems: sortProblems(read.problems.map((p) => problemAt(fileName, p, [], p.message))) };
  }
  const report = new Report(fileName, read.source);
  const flows = checkDocument(read.source.value, report);
  return { flows, problems: report.sorted() };
}

/** Collects problems, locating each by its document path. */
class Report {
  private readonly problems: FlowsFileProblem[] = [];

  constructor(
    readonly file: string,
    readonly source: SourceDocument,
  ) {}

  /** A problem with the value at `path`. */
  value(path: readonly PathSegment[], message: string): void {
    this.problems.push(problemAt(this.file, this.source.locate(path), path, message));
  }

  /** A problem with the key at the end of `path` (an unknown key, a missing field). */
  key(path: readonly PathSegment[], message: string): void {
    this.problems.push(problemAt(this.file, this.source.locateKey(path), path, message));
  }

  sorted(): FlowsFileProblem[] {
    return sortProblems(this.problems);
  }
}

/**
 * A problem at `position`. Messages are built from values in the file, here and in ../rules: any control, line
 * separator or bidi character that got through unquoted is escaped, so that each is one safe line in the CLI's text
 * and --json output and in FlowsFileError (formatProblem escapes again; this covers the problem objects too).
 */
function problemAt(
  file: string,
  position: { line: number; column?: number },
  path: readonly PathSegment[],
  message: string,
): FlowsFileProblem {
  const { line, column } = position;
  return { file, line, column, path: formatPath(path), message: escapeControls(message) };
}

function checkDocument(root: unknown, report: Report): FlowsFileEntry[] {
  // One line, like every problem: a pre-commit hook prints one problem per line.
  const example =
    `A flows file is "version: 1" and a "flows:" map from resource name to flow, ` +
    `e.g. flows: { sign-up: { flowId: "1234567890123456", name: Sign up } }.`;
  if (root === null || root === undefined) {
    report.value([], `the file is empty. ${example}`);
    return [];
  }
  if (!isRecord(root)) {
    report.value([], `the file holds ${describe(root)}, not a map. ${example}`);
    return [];
  }

  for (const key of Object.keys(root)) {
    if ((FLOWS_FILE_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, FLOWS_FILE_KEYS);
    const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
    report.key([key], `${formatKey(key)} is not a flows file key${hint}. The keys are version, defaults and flows.`);
  }

  if (!("version" in root)) {
    report.value([], `version is missing: add version: ${FLOWS_FILE_VERSION} at the top of the file.`);
  } else if (root.version !== FLOWS_FILE_VERSION) {
    const shown = showValue(root.version);
    const fix = `Write version: ${FLOWS_FILE_VERSION}.`;
    report.value(["version"], `version ${shown} is not a flows file version this package reads. ${fix}`);
  }

  if (root.$schema !== undefined && typeof root.$schema !== "string") {
    report.value(["$schema"], `$schema must be the schema's path or URL, got ${describe(root.$schema)}.`);
  }

  const defaults = checkDefaults(root.defaults, report);

  if (!("flows" in root)) {
    report.value([], `flows is missing. ${example}`);
    return [];
  }
  const flows = root.flows;
  if (Array.isArray(flows)) {
    report.value(
      ["flows"],
      `flows must be a map from resource name to flow, not a list: ` +
        `write each flow as "sign-up:" with its fields indented below it.`,
    );
    return [];
  }
  if (!isRecord(flows)) {
    report.value(["flows"], `flows must be a map from resource name to flow, got ${describe(flows)}.`);
    return [];
  }
  if (Object.keys(flows).length === 0) {
    report.value(
      ["flows"],
      `flows is empty: declare at least one flow. An empty file would not delete the flows on Kaleyra ` +
        `(metadata cannot be deleted), it would only stop managing them; say so by removing the file and its ` +
        `declareFlows call.`,
    );
    return [];
  }

  const entries: FlowsFileEntry[] = [];
  for (const [resourceName, body] of Object.entries(flows)) {
    const entry = checkFlow(resourceName, body, defaults, report);
    if (entry) entries.push(entry);
  }
  checkDuplicates(flows, defaults, report);
  return entries;
}

/** Inputs as the file gives them, each checked with the rule table. */
type CheckedArgs = { -readonly [P in InputProperty]?: InputValues[P] };

type AccountDefaults = Pick<CheckedArgs, (typeof DEFAULTS_KEYS)[number]>;

function checkDefaults(defaults: unknown, report: Report): AccountDefaults {
  // `defaults:` with nothing under it reads as null: harmless, nothing to default.
  if (defaults === undefined || defaults === null) return {};
  if (!isRecord(defaults)) {
    const keys = DEFAULTS_KEYS.join(", ");
    report.value(["defaults"], `defaults must be a map of the account selection (${keys}), got ${describe(defaults)}.`);
    return {};
  }
  const result: CheckedArgs = {};
  for (const [key, value] of Object.entries(defaults)) {
    const path = ["defaults", key];
    if (!isDefaultsKey(key)) {
      const suggestion = closest(key, DEFAULTS_KEYS);
      const perFlow = isInputProperty(key) ? ` Set ${key} on each flow instead.` : "";
      const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
      report.key(
        path,
        `${formatKey(key)} cannot be a default${hint}: defaults holds the account selection and the opt-in only ` +
          `(${DEFAULTS_KEYS.join(", ")}).${perFlow}`,
      );
      continue;
    }
    checkInto(result, key, value, path, report);
  }
  return result;
}

function isDefaultsKey(key: string): key is (typeof DEFAULTS_KEYS)[number] {
  return (DEFAULTS_KEYS as readonly string[]).includes(key);
}

/** Checks one field with the rule table's rule into `args`; reports and returns false if it fails. */
function checkInto<P extends InputProperty>(
  args: CheckedArgs,
  key: P,
  value: unknown,
  path: readonly PathSegment[],
  report: Report,
): boolean {
  const checked = checkField(key, value, path, report);
  if (checked === undefined) return false;
  args[key] = checked;
  return true;
}

/** Checks one field with the rule table's rule; reports and returns undefined if it fails. */
function checkField<P extends InputProperty>(
  key: P,
  value: unknown,
  path: readonly PathSegment[],
  report: Report,
): InputValues[P] | undefined {
  const rule = ruleFor(key);
  if (value === null) {
    const unmanaged = (MANAGED_FIELDS as readonly string[]).includes(key) ? ` to leave ${key} unmanaged` : "";
    report.key(path, `${key} has no value. Give it one, or remove the line${unmanaged}.`);
    return undefined;
  }
  if (key === "flowId") {
    const misread = misreadNumber(value, path, report.source);
    if (misread) {
      report.value(path, misread);
      return undefined;
    }
  }
  const result = rule(value);
  if (result.ok) return result.value;
  if (key === "categories" && Array.isArray(value) && value.length > 0) {
    // Point at each bad item rather than at the list: the message is the same one
    // checkCategories gives for that item alone.
    value.forEach((item, index) => {
      const single = checkCategories([item]);
      if (!single.ok) report.value([...path, index], single.reason.replace(/^categories: /, ""));
    });
    return undefined;
  }
  report.value(path, result.reason + quoteHint(key, value, path, report.source));
  return undefined;
}

/**
 * An unquoted flow id is read as a number; above 2^53 it has already been rounded by the
 * time anyone sees the value, so the only way to tell is the text in the file.
 */
function misreadNumber(value: unknown, path: readonly PathSegment[], source: SourceDocument): string | undefined {
  if (typeof value !== "number") return undefined;
  const written = source.scalarSource(path);
  if (!written || !written.plain) return undefined;
  const text = written.text.trim();
  const reader = source.syntax === "json" ? "JSON" : "YAML";
  if (/^[0-9]+$/.test(text) && !Number.isSafeInteger(value)) {
    return (
      `flowId ${text} is not a safe integer: ${reader} reads an unquoted id as a number, which JavaScript rounds to ` +
      `${String(value)}, so it is not the id you wrote. Quote it: flowId: "${text}".`
    );
  }
  if (!/^[0-9]+$/.test(text) && Number.isSafeInteger(value) && value > 0) {
    return (
      `flowId ${text} is read by ${reader} as the number ${String(value)}, not as the digits you wrote. ` +
      `Quote the id: flowId: "${text}".`
    );
  }
  return undefined;
}

/** A YAML value that looks like text but was read as a number or boolean: say to quote it. */
function quoteHint(key: string, value: unknown, path: readonly PathSegment[], source: SourceDocument): string {
  if (typeof value === "string" || Array.isArray(value) || isRecord(value)) return "";
  const written = source.scalarSource(path);
  if (!written?.plain || source.syntax === "json") return "";
  return ` YAML read ${written.text} as a ${typeof value}; if you meant the text, quote it: ${key}: "${written.text}".`;
}

function checkFlow(
  resourceName: string,
  body: unknown,
  defaults: AccountDefaults,
  report: Report,
): FlowsFileEntry | undefined {
  const path = ["flows", resourceName];
  let ok = true;
  if (!RESOURCE_NAME_PATTERN.test(resourceName)) {
    report.key(
      path,
      `${showValue(resourceName)} is not a valid resource name: use letters, digits, -, _ and . only, e.g. sign-up. ` +
        `It is the flow's Pulumi resource name; renaming it later replaces the resource in the stack.`,
    );
    ok = false;
  }
  if (!isRecord(body)) {
    const what = body === null ? "has no fields" : `must be a map of the flow's fields, got ${describe(body)}`;
    // A valid resource name is shown as it is (letters, digits, -, _ and .); any other quoted.
    const plain = RESOURCE_NAME_PATTERN.test(resourceName) && resourceName.length <= QUOTE_MAX_LENGTH;
    const shown = plain ? resourceName : quote(resourceName);
    report.key(path, `flow ${shown} ${what}. Give at least flowId and one of name, categories, endpointUri.`);
    return undefined;
  }

  const args: CheckedArgs = { ...defaults };
  for (const [key, value] of Object.entries(body)) {
    if (!isInputProperty(key)) {
      report.key([...path, key], unknownKeyReason(key));
      ok = false;
      continue;
    }
    if (!checkInto(args, key, value, [...path, key], report)) ok = false;
  }
  if (own(body, "flowId") === undefined) {
    report.key(path, FLOW_ID_REQUIRED);
    ok = false;
  }
  if (MANAGED_FIELDS.every((field) => own(body, field) === undefined)) {
    report.key(path, NOTHING_TO_MANAGE);
    ok = false;
  }
  const { flowId, categories, ...rest } = args;
  if (!ok || flowId === undefined) return undefined;
  const { line } = report.source.locateKey(path);
  // Checked categories are documented ones; the filter only says so to the type checker.
  const listed = categories === undefined ? {} : { categories: categories.filter(isFlowCategory) };
  return { resourceName, args: { ...rest, flowId, ...listed }, file: report.file, line };
}

/**
 * Two flows in one account must differ in flow id (or two resources would undo each
 * other's changes) and in name (Meta keeps names unique per business account). Flows
 * without a SID share the stack's default account; flows on different SIDs never clash.
 */
function checkDuplicates(flows: Record<string, unknown>, defaults: AccountDefaults, report: Report): void {
  const seenIds = new Map<string, string>();
  const seenNames = new Map<string, string>();
  for (const [resourceName, body] of Object.entries(flows)) {
    if (!isRecord(body)) continue;
    const ownSid = own(body, "sid");
    const sid = checkSid(ownSid ?? defaults.sid ?? "");
    if (ownSid !== undefined && !sid.ok) continue;
    const account = sid.ok ? sid.value : "";
    const inAccount = account ? ` in account ${account}` : "";

    const flowId = checkFlowId(own(body, "flowId"));
    if (flowId.ok && !misreadNumber(own(body, "flowId"), ["flows", resourceName, "flowId"], report.source)) {
      const key = `${account}\u0000${flowId.value}`;
      const first = seenIds.get(key);
      if (first) {
        report.value(
          ["flows", resourceName, "flowId"],
          `flowId "${flowId.value}" is already declared by ${where(first, report)}${inAccount}: two resources ` +
            `would manage one flow and undo each other's changes. Declare each flow once.`,
        );
      } else seenIds.set(key, resourceName);
    }

    const name = own(body, "name") === undefined ? undefined : checkName(own(body, "name"));
    if (name?.ok) {
      const key = `${account}\u0000${name.value}`;
      const first = seenNames.get(key);
      if (first) {
        report.value(
          ["flows", resourceName, "name"],
          `name ${quote(name.value)} is already used by ${where(first, report)}${inAccount}: flow names are unique ` +
            `within a WhatsApp Business Account, so Kaleyra would refuse one of them. Give each flow its own name.`,
        );
      } else seenNames.set(key, resourceName);
    }
  }
}

function where(resourceName: string, report: Report): string {
  const path = ["flows", resourceName];
  return `${formatPath(path)} (line ${report.source.locateKey(path).line})`;
}

/** A value's kind, and a scalar's value, for messages about the file's shape. */
function describe(value: unknown): string {
  if (value === null) return "nothing";
  if (typeof value === "object") return kindOf(value);
  return `${typeof value} ${showValue(value)}`;
}

/**
 * The rules' message for an input FlowMetadata does not have, with the key shown as problems
 * show keys (a long one cut, a strange one quoted) unless the rule already quoted it; the
 * suggestion is still made from the key as written.
 */
function unknownKeyReason(key: string): string {
  const reason = unknownPropertyReason(key);
  return reason.startsWith(key) ? `${formatKey(key)}${reason.slice(key.length)}` : reason;
}
