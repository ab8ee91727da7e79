import type Ajv from "ajv";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { closest } from "../text/closest";
import { childPointer, FlowJsonProblem, problemAt, quoted, shown } from "./problem";
import { FLOW_JSON_SCHEMA } from "./vocabulary";

/**
 * The schema half of the checks: schema/flow-json.schema.json compiled once per process, on first use (compiling is
 * most of its cost and a run may never need it), and Ajv's errors turned into problems that say the fix in plain
 * words. Each schema node's `description` completes "must be ...", so a rule and its wording sit side by side.
 */

/** One schema node, as this file reads it. */
interface SchemaNode {
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode | boolean>>;
  readonly $ref?: string;
}

/**
 * A fresh Ajv set up as the checks use it: every error at once, the failing data and schema node in each error (the
 * messages quote both), union types (`true` or `"${data.x}"`), and strict mode, so a schema mistake fails loudly.
 * Referenced definitions stay functions of their own (inlineRefs off): a third less to compile, no slower to run.
 * Ajv is loaded here, on first use, so a program that never checks a Flow JSON never loads it.
 */
export function createFlowJsonAjv(options: Options = {}): Ajv {
  const AjvClass = (require("ajv") as typeof import("ajv")).default;
  return new AjvClass({
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    strict: true,
    inlineRefs: false,
    ...options,
  });
}

let validator: ValidateFunction | undefined;

/**
 * The compiled schema, compiled on the first call and kept for the life of the process. The schema is not checked
 * against the draft-07 meta-schema here (a fifth of the compile time): the unit tests compile it with that check.
 */
export function flowJsonValidator(): ValidateFunction {
  validator ??= createFlowJsonAjv({ validateSchema: false }).compile(FLOW_JSON_SCHEMA);
  return validator;
}

/** Every schema problem in `value`, one per pointer, in the order Ajv found them. */
export function schemaProblems(value: unknown): FlowJsonProblem[] {
  const validate = flowJsonValidator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // An `anyOf` of scalars ("large" or "${data.size}") says it all in one message: drop its branches' errors.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const byPointer = new Map<string, FlowJsonProblem>();
  for (const error of errors) {
    if (error.keyword === "if") continue; // "must match then": the errors of the `then` say what
    if (error.keyword !== "anyOf" && anyOfPaths.has(error.instancePath)) continue;
    const problem = describe(error);
    if (!byPointer.has(problem.pointer)) byPointer.set(problem.pointer, problem);
  }
  return [...byPointer.values()];
}

function describe(error: ErrorObject): FlowJsonProblem {
  const node = (error.parentSchema ?? {}) as SchemaNode;
  const at = error.instancePath;
  switch (error.keyword) {
    case "required": {
      const key = String(error.params.missingProperty);
      const what = propertyDescription(node, key);
      return problemAt(childPointer(at, key), `missing: ${owner(at, node)} needs "${key}"${what ? `, ${what}` : ""}.`);
    }
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(node.properties ?? {});
      const guess = closest(key, known);
      return problemAt(
        childPointer(at, key),
        `${owner(at, node)} has no property ${quoted(key)}${guess ? `; did you mean "${guess}"?` : "."} ` +
          `Its properties are ${known.join(", ")}.`,
      );
    }
    case "enum":
      return problemAt(at, notOneOf(error.data, node, node.enum ?? []));
    case "anyOf": {
      const values = (node.anyOf ?? []).flatMap((branch) => branch.enum ?? []);
      const guess = suggestion(error.data, values);
      return problemAt(at, `must be ${node.description}, got ${shown(error.data)}${guess || "."}`);
    }
    case "not":
      return problemAt(at, `${shown(error.data)} is not allowed here: must be ${node.description}.`);
    case "uniqueItems":
      return problemAt(
        at,
        `items ${error.params.j} and ${error.params.i} are the same: list each once (must be ${node.description}).`,
      );
    default:
      return problemAt(
        at,
        `must be ${node.description ?? "valid"}, got ${shown(error.data)}${asString(error.data, node)}.`,
      );
  }
}

/** `"TextHeadng" is not a component type; did you mean "TextHeading"?`, or the values to pick from. */
function notOneOf(value: unknown, node: SchemaNode, values: readonly unknown[]): string {
  const what = `${shown(value)} is not ${article(node.title ?? "allowed value")}`;
  const text = stringForm(value, node);
  if (text) return `${what}: write it as a string, "${text}".`;
  const guess = suggestion(value, values);
  return guess ? `${what}${guess}` : `${what}: use ${node.description}.`;
}

/** `; did you mean "X"?` when a string value is a near miss of one of `values` (case, a typo or two). */
function suggestion(value: unknown, values: readonly unknown[]): string {
  // Versions are digits: "8.0" is not a typo of "7.0", so only words get a guess.
  if (typeof value !== "string" || !/[A-Za-z]/.test(value)) return "";
  const guess = closest(value, values.map(String));
  return guess && guess !== value ? `; did you mean "${guess}"?` : "";
}

/** `; write it as a string: "7.3"` for 7.3 where the schema wants the string "7.3". */
function asString(value: unknown, node: SchemaNode): string {
  const text = stringForm(value, node);
  return text ? `; write it as a string: "${text}"` : "";
}

/** The text of a number or boolean that the node's enum holds as a string (7.3 for "7.3"). */
function stringForm(value: unknown, node: SchemaNode): string | undefined {
  if (typeof value !== "number" && typeof value !== "boolean") return undefined;
  return node.enum?.includes(String(value)) ? String(value) : undefined;
}

/** "the Flow JSON" for the root, else "a screen", "a TextInput component", ... from the node's title. */
function owner(at: string, node: SchemaNode): string {
  return at === "" ? "the Flow JSON" : article(node.title ?? "object");
}

function article(noun: string): string {
  return `${/^[aeio]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** What the property `key` of `node` must be: its own description, or that of the definition it refers to. */
function propertyDescription(node: SchemaNode, key: string): string | undefined {
  const property = node.properties?.[key];
  if (typeof property !== "object") return undefined;
  if (property.description || !property.$ref) return property.description;
  let target: unknown = FLOW_JSON_SCHEMA;
  for (const segment of property.$ref.replace(/^#\//, "").split("/")) {
    target = typeof target === "object" && target !== null ? (target as Record<string, unknown>)[segment] : undefined;
  }
  return (target as SchemaNode | undefined)?.description;
}
