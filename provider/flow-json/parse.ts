import { MAX_FLOW_JSON_BYTES, MAX_FLOW_JSON_DEPTH } from "./limits";
import { plainJsonProblems } from "./plain-json";
import { FlowJsonProblem, problemAt, quoted } from "./problem";
import { scanStructure } from "./structure-scan";
import { syntaxProblems } from "./syntax-errors";
import { keyPointers, LineTable } from "./text-positions";

/** A Flow JSON read from text (a file or a string input) or given as a value. */
export type FlowJsonParse =
  { ok: true; value: Record<string, unknown>; text?: string } | { ok: false; problems: FlowJsonProblem[] };

/**
 * Reads a Flow JSON. Text (any string): strict JSON, so no comments, no trailing commas and no repeated key (each
 * reported at the repeat, with its line and column); its size is checked before it is parsed; the root must be an
 * object. A value (an object from a program): plain JSON only (no undefined, functions, NaN or Infinity, class
 * instances or cycles), an object at the root, and its serialization within the size cap. Never throws.
 */
export function parseFlowJson(input: string | unknown): FlowJsonParse {
  return typeof input === "string" ? parseText(input) : parseValue(input);
}

function parseText(text: string): FlowJsonParse {
  // A UTF-16 unit is at most 3 bytes of UTF-8: short texts need no count.
  const bytes = text.length * 3 <= MAX_FLOW_JSON_BYTES ? 0 : Buffer.byteLength(text, "utf8");
  if (bytes > MAX_FLOW_JSON_BYTES) return refuse([tooLarge(bytes)]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(syntaxProblems(text, error as Error));
  }
  if (!isObject(value)) return refuse([{ ...notAnObject(value), line: 1, column: 1 }]);

  const scan = scanStructure(text);
  const lines = new LineTable(text);
  if (scan.tooDeepAt !== undefined) {
    // Past this depth nothing here walks the text (jsonc-parser recurses), so this is the one problem reported.
    const message = `the Flow JSON nests deeper than ${MAX_FLOW_JSON_DEPTH} levels here: flatten it.`;
    return refuse([{ ...problemAt("", message), ...lines.at(scan.tooDeepAt) }]);
  }
  if (scan.duplicateKeys.length === 0) return { ok: true, value, text };
  const pointers = keyPointers(
    text,
    scan.duplicateKeys.map(({ offset }) => offset),
  );
  return refuse(
    scan.duplicateKeys.map(({ offset, key }) => {
      const message =
        `the key ${quoted(key)} is repeated in this object (JSON.parse keeps only the last one): ` +
        `remove or rename one.`;
      return { ...problemAt(pointers.get(offset) ?? "", message), ...lines.at(offset) };
    }),
  );
}

function parseValue(value: unknown): FlowJsonParse {
  if (!isObject(value)) return refuse([notAnObject(value)]);
  const problems = plainJsonProblems(value);
  if (problems.length > 0) return refuse(problems);
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  return bytes > MAX_FLOW_JSON_BYTES ? refuse([tooLarge(bytes)]) : { ok: true, value };
}

function tooLarge(bytes: number): FlowJsonProblem {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return problemAt(
    "",
    `the Flow JSON is ${mb(bytes)} (${bytes} bytes), more than the ${mb(MAX_FLOW_JSON_BYTES)} Meta accepts: make it ` +
      `smaller (large base64 images are the usual cause).`,
  );
}

function notAnObject(value: unknown): FlowJsonProblem {
  const got = Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
  return problemAt("", `the Flow JSON must be an object {"version": ..., "screens": [...]}, got ${got}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function refuse(problems: FlowJsonProblem[]): FlowJsonParse {
  return { ok: false, problems };
}
