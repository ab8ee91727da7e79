import { readFileSync } from "node:fs";
import {
  checkFlowId,
  checkName,
  checkSid,
  FLOW_ID_REQUIRED,
  type InputProperty,
  type InputValues,
  isFlowCategory,
  isInputProperty,
  isRecord,
  MANAGED_FIELDS,
  NOTHING_TO_MANAGE,
  own,
  ruleFor,
  unknownPropertyReason,
} from "../rules";
import { FLOW_INPUT_RULES } from "../rules/flow-inputs";
import { closest } from "../text/closest";
import { escapeControls, quote, QUOTE_MAX_LENGTH, show as showValue } from "../text/quote";
import type { FlowsFileDeclaration, FlowsFileEntry } from "./entries";
import { checkField, describe, misreadNumber } from "./fields";
import { checkFlowEntry, FLOW_ONLY_KEYS, type FlowJsonSource } from "./flow-entry";
import { type FlowJsonReader, readFlowJsonFromDisk } from "./flow-json-reference";
import { formatKey, formatPath, sortProblems, type FlowsFileProblem, type PathSegment } from "./problems";
import { problemAt, Report } from "./report";
import { readSource } from "./source";

export type {
  FlowsFileArgs,
  FlowsFileDeclaration,
  FlowsFileEntry,
  FlowsFileEntryKind,
  FlowsFileFlowArgs,
  FlowsFileFlowEntry,
} from "./entries";

/**
 * The flows file: a declarative list of FlowMetadata resources, and of whole Flows for the
 * entries with `flowJson` (./flow-entry.ts, their JSON files read and checked too), read and
 * checked without Pulumi (this module must never import `@pulumi/pulumi`: the CLI and
 * pre-commit hooks load it and must stay fast). Field rules and their messages come from the
 * one rule table in ../rules (the provider's `check` uses the same), so a problem reads the
 * same here as in `pulumi preview`; this module adds the file's own rules (shape, version,
 * resource names, duplicates) and each problem's line.
 */

/** The only version of the file format there is. */
export const FLOWS_FILE_VERSION = 1;

/** Keys allowed at the top of a flows file. `$schema` lets JSON files name the schema. */
export const FLOWS_FILE_KEYS = ["$schema", "version", "defaults", "flows"] as const;

/**
 * Keys allowed under `defaults`: the account selection shared by every flow, the opt-in, and
 * the WhatsApp Business Account of the entries with `flowJson` (the only ones it applies to).
 */
export const DEFAULTS_KEYS = ["sid", "region", "apiDomain", "allowPublishedUpdate", "wabaId"] as const;

/** What a resource name (a key under `flows`) may be made of. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The outcome of reading a flows file. */
export interface FlowsFileResult {
  /**
   * The FlowMetadata entries (those without `flowJson`) whose own fields are valid, in file
   * order: what this list always held, so code written before Flow entries compiles and reads
   * the same. Declare them only when `problems` is empty: a file with problems is rejected whole.
   */
  readonly flows: FlowsFileEntry[];
  /**
   * Every valid entry, of both kinds (`kind` tells a FlowMetadata from a Flow), in file order.
   * Same rule: declare them only when `problems` is empty.
   */
  readonly entries: FlowsFileDeclaration[];
  /** Every problem in the file, in line order; empty when the file is good. */
  readonly problems: FlowsFileProblem[];
}

/** How {@link parseFlowsText} finds the Flow JSON files the entries name. */
export interface FlowsFileOptions {
  /**
   * The folder `flowJson` paths are relative to. Default: the flows file's folder (the folder
   * of `fileName`, relative to the working directory).
   */
  readonly baseDir?: string;
  /** Reads a Flow JSON file by absolute path, throwing as node:fs does. Default: from disk. */
  readonly readFlowJson?: FlowJsonReader;
}

/**
 * Reads and checks a flows file, and the Flow JSON files its entries name. Pure and fast: no
 * Pulumi, no network, no credentials. A file that cannot be read is reported as a problem
 * (line 0), never thrown.
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
    return { flows: [], entries: [], problems: [{ file: path, line: 0, path: "", message }] };
  }
  return parseFlowsText(text, path);
}

/**
 * Checks the text of a flows file: every problem is reported at once, each with its line, the
 * problems of its Flow JSON files with theirs (in those files).
 *
 * @param text The file's contents.
 * @param fileName The name to report problems against; `*.json` is read as strict JSON.
 * @param options Where Flow JSON files are read from; by default from disk, beside the file.
 */
export function parseFlowsText(text: string, fileName: string, options: FlowsFileOptions = {}): FlowsFileResult {
  const read = readSource(text, fileName);
  if (!read.ok) {
    // A broken document has no reliable shape: checking it further would only add noise.
    const problems = sortProblems(read.problems.map((p) => problemAt(fileName, p, [], p.message)));
    return { flows: [], entries: [], problems };
  }
  const report = new Report(fileName, read.source);
  const source = { fileName, baseDir: options.baseDir, reader: options.readFlowJson ?? readFlowJsonFromDisk };
  const entries = checkDocument(read.source.value, report, source);
  const flows = entries.filter((entry): entry is FlowsFileEntry => entry.kind === "FlowMetadata");
  return { flows, entries, problems: report.sorted() };
}

function checkDocument(root: unknown, report: Report, source: FlowJsonSource): FlowsFileDeclaration[] {
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
        `(metadata cannot be deleted; a Flow's destroy deletes only a DRAFT it created), it would mostly stop ` +
        `managing them; say so by removing the file and its declareFlows call.`,
    );
    return [];
  }

  const entries: FlowsFileDeclaration[] = [];
  for (const [resourceName, body] of Object.entries(flows)) {
    const entry =
      isRecord(body) && Object.prototype.hasOwnProperty.call(body, "flowJson")
        ? checkWholeFlow(resourceName, body, defaults, report, source)
        : checkFlow(resourceName, body, defaults, report);
    if (entry) entries.push(entry);
  }
  checkDuplicates(flows, defaults.values, report);
  return entries;
}

/** Inputs as the file gives them, each checked with the rule table. */
type CheckedArgs = { -readonly [P in InputProperty]?: InputValues[P] };

/** What `defaults` holds once checked: the values that passed, and which keys it has at all. */
interface CheckedDefaults {
  readonly values: Pick<CheckedArgs, Exclude<(typeof DEFAULTS_KEYS)[number], "wabaId">> & { wabaId?: string };
  /** Whether `defaults` names a WABA, valid or not: a bad one is reported there, not on every flow. */
  readonly hasWabaId: boolean;
}

function checkDefaults(defaults: unknown, report: Report): CheckedDefaults {
  // `defaults:` with nothing under it reads as null: harmless, nothing to default.
  if (defaults === undefined || defaults === null) return { values: {}, hasWabaId: false };
  if (!isRecord(defaults)) {
    const keys = DEFAULTS_KEYS.join(", ");
    report.value(["defaults"], `defaults must be a map of the account selection (${keys}), got ${describe(defaults)}.`);
    return { values: {}, hasWabaId: false };
  }
  const values: CheckedDefaults["values"] = {};
  for (const [key, value] of Object.entries(defaults)) {
    const path = ["defaults", key];
    if (key === "wabaId") {
      const checked = checkField(key, FLOW_INPUT_RULES.wabaId, value, path, report, ", or remove the line");
      if (checked !== undefined) values.wabaId = checked;
      continue;
    }
    if (!isDefaultsKey(key)) {
      const suggestion = closest(key, DEFAULTS_KEYS);
      const perFlow =
        isInputProperty(key) || (FLOW_ONLY_KEYS as readonly string[]).includes(key)
          ? ` Set ${key} on each flow instead.`
          : "";
      const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
      report.key(
        path,
        `${formatKey(key)} cannot be a default${hint}: defaults holds the account selection, the opt-in and the ` +
          `WABA of the flows with flowJson only (${DEFAULTS_KEYS.join(", ")}).${perFlow}`,
      );
      continue;
    }
    checkInto(values, key, value, path, report);
  }
  return { values, hasWabaId: own(defaults, "wabaId") !== undefined };
}

function isDefaultsKey(key: string): key is Exclude<(typeof DEFAULTS_KEYS)[number], "wabaId"> {
  return key !== "wabaId" && (DEFAULTS_KEYS as readonly string[]).includes(key);
}

/** Checks one FlowMetadata field with the rule table's rule into `args`; reports and returns false if it fails. */
function checkInto<P extends InputProperty>(
  args: CheckedArgs,
  key: P,
  value: unknown,
  path: readonly PathSegment[],
  report: Report,
): boolean {
  // Removing a managed field leaves it unmanaged: say so, it is the fix some want.
  const unmanaged = (MANAGED_FIELDS as readonly string[]).includes(key) ? ` to leave ${key} unmanaged` : "";
  const checked = checkField(key, ruleFor(key), value, path, report, `, or remove the line${unmanaged}`);
  if (checked === undefined) return false;
  args[key] = checked;
  return true;
}

/** An entry with `flowJson`: a whole Flow (./flow-entry.ts), `wabaId` defaulted from `defaults`. */
function checkWholeFlow(
  resourceName: string,
  body: Record<string, unknown>,
  defaults: CheckedDefaults,
  report: Report,
  source: FlowJsonSource,
): FlowsFileDeclaration | undefined {
  const named = checkResourceName(resourceName, report);
  // Checked whatever its name, so every problem shows at once; declared only with a good name.
  const entry = checkFlowEntry(resourceName, body, defaults, report, source);
  return named ? entry : undefined;
}

/** Reports a resource name that Pulumi would not take; true when it is good. */
function checkResourceName(resourceName: string, report: Report): boolean {
  if (RESOURCE_NAME_PATTERN.test(resourceName)) return true;
  report.key(
    ["flows", resourceName],
    `${showValue(resourceName)} is not a valid resource name: use letters, digits, -, _ and . only, e.g. sign-up. ` +
      `It is the flow's Pulumi resource name; renaming it later replaces the resource in the stack.`,
  );
  return false;
}

function checkFlow(
  resourceName: string,
  body: unknown,
  defaults: CheckedDefaults,
  report: Report,
): FlowsFileEntry | undefined {
  const path = ["flows", resourceName];
  let ok = checkResourceName(resourceName, report);
  if (!isRecord(body)) {
    const what = body === null ? "has no fields" : `must be a map of the flow's fields, got ${describe(body)}`;
    // A valid resource name is shown as it is (letters, digits, -, _ and .); any other quoted.
    const plain = RESOURCE_NAME_PATTERN.test(resourceName) && resourceName.length <= QUOTE_MAX_LENGTH;
    const shown = plain ? resourceName : quote(resourceName);
    report.key(path, `flow ${shown} ${what}. Give at least flowId and one of name, categories, endpointUri.`);
    return undefined;
  }

  // defaults.wabaId is for the entries with flowJson only: a FlowMetadata has no WABA.
  const { wabaId: _wabaId, ...account } = defaults.values;
  const args: CheckedArgs = { ...account };
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
  return { kind: "FlowMetadata", resourceName, args: { ...rest, flowId, ...listed }, file: report.file, line };
}

/**
 * Two flows in one account must differ in flow id (or two resources would undo each
 * other's changes) and in name (Meta keeps names unique per business account), whatever
 * their kind: a Flow and a FlowMetadata of one flow would undo each other just the same.
 * Flows without a SID share the stack's default account; flows on different SIDs never clash.
 */
function checkDuplicates(flows: Record<string, unknown>, defaults: CheckedDefaults["values"], report: Report): void {
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
    if (flowId.ok && !misreadNumber("flowId", own(body, "flowId"), ["flows", resourceName, "flowId"], report.source)) {
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

/**
 * The rules' message for an input FlowMetadata does not have, with the key shown as problems
 * show keys (a long one cut, a strange one quoted) unless the rule already quoted it; the
 * suggestion is still made from the key as written.
 */
function unknownKeyReason(key: string): string {
  if ((FLOW_ONLY_KEYS as readonly string[]).includes(key)) {
    return (
      `${key} is an input of a whole Flow, which an entry declares with flowJson (the path of its Flow JSON file). ` +
      `Add flowJson: flows/<name>.json to manage the whole flow, or remove ${key}.`
    );
  }
  const reason = unknownPropertyReason(key);
  return reason.startsWith(key) ? `${formatKey(key)}${reason.slice(key.length)}` : reason;
}
