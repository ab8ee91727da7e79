import { INPUT_RULES, isFlowCategory, isInputProperty, own } from "../rules";
import {
  FLOW_INPUT_PROPERTIES,
  FLOW_INPUT_RULES,
  validateFlowInputs,
  WABA_OR_FLOW_REQUIRED,
} from "../rules/flow-inputs";
import type { FlowJsonContext } from "../flow-json";
import { closest } from "../text/closest";
import { escapeControls } from "../text/quote";
import type { FlowsFileFlowArgs, FlowsFileFlowEntry } from "./entries";
import { checkField, type FieldRule } from "./fields";
import {
  asFlowsFileProblem,
  checkFlowJsonPath,
  flowJsonTextProblems,
  type FlowJsonReader,
  locateFlowJson,
  readFlowJson,
} from "./flow-json-reference";
import { formatKey, formatPath, type PathSegment } from "./problems";
import type { Report } from "./report";

/**
 * An entry of a flows file with `flowJson`: a whole Flow, its JSON in a file beside the flows
 * file. Its fields are held to the Flow's rules (../rules/flow-inputs.ts, FlowMetadata's for
 * the fields both share), so a problem reads as `pulumi preview` words it; its Flow JSON file
 * is read and checked here, with the entry's endpoint, and each of its problems is reported at
 * its line in that file.
 */

/**
 * The keys of an entry with `flowJson`, in the order documented: the Flow's inputs, but
 * `flowJsonFile`, which declareFlows sets from `flowJson`.
 */
export const FLOW_ENTRY_KEYS = FLOW_INPUT_PROPERTIES.filter(
  (key): key is Exclude<(typeof FLOW_INPUT_PROPERTIES)[number], "flowJsonFile"> => key !== "flowJsonFile",
);

/** One key of an entry with `flowJson`. */
export type FlowEntryKey = (typeof FLOW_ENTRY_KEYS)[number];

/** The keys only an entry with `flowJson` has: on any other entry they are a mistake worth its own message. */
export const FLOW_ONLY_KEYS: readonly FlowEntryKey[] = FLOW_ENTRY_KEYS.filter((key) => !isInputProperty(key));

/** What `defaults` gives an entry with `flowJson`: the account, the opt-in and the WABA. */
export interface FlowDefaults {
  readonly values: Readonly<Record<string, unknown>>;
  /** Whether `defaults` has a `wabaId` at all, valid or not (a bad one is reported there, once). */
  readonly hasWabaId: boolean;
}

/** Where the checker reads Flow JSON files from. */
export interface FlowJsonSource {
  /** The flows file as named to the checker. */
  readonly fileName: string;
  /** The folder `flowJson` paths are relative to; default the flows file's. */
  readonly baseDir?: string;
  readonly reader: FlowJsonReader;
}

/** Why each required field is required, as the Flow's own check words it (the same message `pulumi preview` gives). */
const REQUIRED: ReadonlyMap<string, string> = new Map(
  validateFlowInputs({ flowJson: "{}" }).failures.map((failure) => [failure.property, failure.reason]),
);

/** `wabaId` may also come from `defaults`, which the Flow itself does not know of. */
const WABA_REQUIRED = `${WABA_OR_FLOW_REQUIRED} In a flows file wabaId may also be set once, in defaults.`;

function ruleOf(key: FlowEntryKey): FieldRule<unknown> {
  if (key === "flowJson") return checkFlowJsonPath;
  if (Object.prototype.hasOwnProperty.call(FLOW_INPUT_RULES, key)) {
    return FLOW_INPUT_RULES[key as keyof typeof FLOW_INPUT_RULES] as FieldRule<unknown>;
  }
  return INPUT_RULES[key as keyof typeof INPUT_RULES] as FieldRule<unknown>;
}

function isFlowEntryKey(key: string): key is FlowEntryKey {
  return (FLOW_ENTRY_KEYS as readonly string[]).includes(key);
}

/** The fix for a key with no value: what leaving the key out does. */
function leaveOut(key: FlowEntryKey): string {
  if (key === "name" || key === "categories" || key === "flowJson") return "";
  return key === "endpointUri" ? ", or remove the line to leave endpointUri unmanaged" : ", or remove the line";
}

/**
 * Checks an entry with `flowJson` and its Flow JSON file; reports every problem and returns
 * the entry only when there is none.
 */
export function checkFlowEntry(
  resourceName: string,
  body: Readonly<Record<string, unknown>>,
  defaults: FlowDefaults,
  report: Report,
  source: FlowJsonSource,
): FlowsFileFlowEntry | undefined {
  const path = ["flows", resourceName];
  let ok = true;
  const args: Record<string, unknown> = { ...defaults.values };
  for (const [key, value] of Object.entries(body)) {
    if (!isFlowEntryKey(key)) {
      report.key([...path, key], unknownKeyReason(key));
      ok = false;
      continue;
    }
    const checked = checkField(key, ruleOf(key), value, [...path, key], report, leaveOut(key));
    if (checked === undefined) ok = false;
    else args[key] = checked;
  }
  for (const field of ["name", "categories"]) {
    if (own(body, field) === undefined) {
      report.key(path, REQUIRED.get(field) ?? `${field} is required.`);
      ok = false;
    }
  }
  if (own(body, "wabaId") === undefined && own(body, "flowId") === undefined && defaults.values.wabaId === undefined) {
    // A bad defaults.wabaId is reported there, once; the entry is still not declared without one.
    if (!defaults.hasWabaId) report.key(path, WABA_REQUIRED);
    ok = false;
  }

  // The JSON is checked even when a field is wrong, so one run shows everything to fix.
  const json = typeof args.flowJson === "string" ? readAndCheck(path, args, body, report, source) : undefined;
  if (!ok || json === undefined) return undefined;
  const { line } = report.source.locateKey(path);
  const categories = (args.categories as string[]).filter(isFlowCategory);
  const flowArgs = { ...args, categories, flowJson: json.text, flowJsonFile: json.shown } as FlowsFileFlowArgs;
  return { kind: "Flow", resourceName, args: flowArgs, file: report.file, line, flowJsonPath: json.path };
}

/** Reads the entry's Flow JSON file and checks it; reports and returns undefined on any problem. */
function readAndCheck(
  path: readonly PathSegment[],
  args: Readonly<Record<string, unknown>>,
  body: Readonly<Record<string, unknown>>,
  report: Report,
  source: FlowJsonSource,
): { text: string; shown: string; path: string } | undefined {
  const valuePath = [...path, "flowJson"];
  const location = locateFlowJson(args.flowJson as string, source.fileName, source.baseDir);
  const read = readFlowJson(location, source.reader);
  if (!read.ok) {
    report.value(
      valuePath,
      `flowJson: ${read.reason}. Give the path of the flow's Flow JSON file relative to this flows file's folder, ` +
        `e.g. flowJson: flows/sign-up.json.`,
    );
    return undefined;
  }
  // An endpoint given but refused is reported on its own; the JSON is then not held to it.
  const context: FlowJsonContext = {
    endpointUri:
      typeof args.endpointUri === "string"
        ? args.endpointUri
        : own(body, "endpointUri") === undefined
          ? undefined
          : "unknown",
  };
  const problems = flowJsonTextProblems(read.text, context);
  if (problems.length === 0) return { text: read.text, ...location };
  const where = `${escapeControls(report.file)} line ${report.source.locate(valuePath).line}`;
  const prefix = `flowJson of ${formatPath(path)} (${where}): `;
  for (const problem of problems) report.add(asFlowsFileProblem(problem, location.shown, prefix));
  return undefined;
}

/** A key an entry with `flowJson` does not have, with the nearest it does. */
function unknownKeyReason(key: string): string {
  const suggestion = closest(key, FLOW_ENTRY_KEYS);
  const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
  const set = key === "flowJsonFile" ? " flowJsonFile is set from flowJson: remove it." : "";
  return (
    `${formatKey(key)} is not a key of a flow with flowJson${hint}.${set} ` +
    `Its keys are ${FLOW_ENTRY_KEYS.join(", ")}.`
  );
}
