import { escapeControls, quote, shorten, show } from "../text/quote";
import { SHOWN_MAX_LENGTH } from "./limits";

/** One problem in a Flow JSON: where (RFC 6901 pointer, "" for the root) and what, and the fix. */
export interface FlowJsonProblem {
  /** Where: an RFC 6901 JSON pointer such as `/screens/0/id`; "" for the Flow JSON as a whole. */
  readonly pointer: string;
  /** What is wrong and how to fix it, starting with the pointer (shown safely) unless it is about the root. */
  readonly message: string;
  /** 1-based line in the text, when the Flow JSON was read from text. */
  readonly line?: number;
  /** 1-based column (UTF-16 code units, as editors count) in the text, when read from text. */
  readonly column?: number;
}

/** The pointer of `key` (an object key or a list index) inside the value at `parent`. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${typeof key === "number" ? key : key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** The segments of a pointer, unescaped: `/a~1b/0` is `["a/b", "0"]`; "" is `[]`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * A pointer as a message shows it: each segment cut at {@link SHOWN_MAX_LENGTH} characters and control characters
 * escaped, because segments are the input's own keys and may be long or hold line breaks.
 */
export function showPointer(pointer: string): string {
  if (pointer === "") return "the root";
  const cut = pointer
    .split("/")
    .map((segment) => shorten(segment, SHOWN_MAX_LENGTH))
    .join("/");
  return escapeControls(cut);
}

/** A problem at `pointer`, its message prefixed with the pointer (a root problem's message stands alone). */
export function problemAt(pointer: string, message: string): FlowJsonProblem {
  return { pointer, message: pointer === "" ? message : `${showPointer(pointer)}: ${message}` };
}

/** Any value from the input, shown short: strings quoted and cut, lists and objects named, not printed. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object" && value !== null) return "an object";
  return show(value, SHOWN_MAX_LENGTH);
}

/** A string from the input, quoted, escaped and cut at {@link SHOWN_MAX_LENGTH} characters. */
export function quoted(text: string): string {
  return quote(text, SHOWN_MAX_LENGTH);
}

/**
 * The "where" of a problem for a message: `flows/sign-up.json line 12, column 5, at /screens/0/id`. The file is
 * optional, and so are the line and column (a Flow JSON given as a value has none).
 */
export function describeProblem(problem: FlowJsonProblem, file?: string): string {
  let where = file ? `${escapeControls(file)} ` : "";
  if (problem.line !== undefined) {
    where += `line ${problem.line}${problem.column !== undefined ? `, column ${problem.column}` : ""}, `;
  }
  return `${where}at ${showPointer(problem.pointer)}`;
}
