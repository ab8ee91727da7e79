import { MAX_FLOW_JSON_DEPTH, MAX_FLOW_JSON_PROBLEMS } from "./limits";
import { childPointer, FlowJsonProblem, problemAt, showPointer } from "./problem";

/**
 * Whether a value built in a program is plain JSON: what JSON.stringify would drop or change silently (undefined, a
 * function, NaN, a Date) is a problem here, so the JSON uploaded is the JSON written.
 */

/** Every reason `value` is not plain JSON, by pointer; empty when it is. */
export function plainJsonProblems(value: unknown): FlowJsonProblem[] {
  const problems: FlowJsonProblem[] = [];
  // The objects on the path from the root to the current value, and their pointers: a repeat is a cycle.
  const ancestors = new Map<object, string>();

  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (problems.length >= MAX_FLOW_JSON_PROBLEMS) return;
    const reason = scalarReason(node);
    if (reason) problems.push(problemAt(pointer, reason));
    if (reason || typeof node !== "object" || node === null) return;
    const seenAt = ancestors.get(node);
    if (seenAt !== undefined) {
      problems.push(problemAt(pointer, `refers back to ${showPointer(seenAt)} (a cycle): JSON cannot hold one.`));
      return;
    }
    if (depth === MAX_FLOW_JSON_DEPTH) {
      problems.push(problemAt(pointer, `nested deeper than ${MAX_FLOW_JSON_DEPTH} levels: flatten it.`));
      return;
    }
    ancestors.set(node, pointer);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (i in node) visit(node[i], childPointer(pointer, i), depth + 1);
        else problems.push(problemAt(childPointer(pointer, i), "an empty slot in the list: JSON has none; fill it."));
      }
    } else {
      for (const key of Object.keys(node)) {
        visit((node as Record<string, unknown>)[key], childPointer(pointer, key), depth + 1);
      }
    }
    ancestors.delete(node);
  };

  visit(value, "", 0);
  return problems;
}

/** Why one value cannot be JSON as it is, or undefined for a string, finite number, boolean, null, list or object. */
function scalarReason(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${value} is not JSON: use a finite number.`;
    case "undefined":
      return "undefined is not JSON: give it a value or leave the property out.";
    case "bigint":
      return `${value}n (a bigint) is not JSON: use a number or a string.`;
    case "function":
    case "symbol":
      return `a ${typeof value} is not JSON: use a string, number, boolean, null, list or object.`;
  }
  if (value === null || Array.isArray(value)) return undefined;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return undefined;
  const name = typeof prototype?.constructor === "function" ? prototype.constructor.name : "";
  const hint = value instanceof Date ? " (for a date, use its text: toISOString())" : "";
  return `${name ? `a ${name}` : "an object with a class"} is not plain JSON: use a plain object${hint}.`;
}
