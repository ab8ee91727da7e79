import { escapeControls, quote, QUOTE_MAX_LENGTH } from "../text/quote";

/**
 * What is wrong in a flows file, where, and how it is printed. Pure: the CLI, the
 * FlowsFileError and the tests all print problems through these few functions, so a problem
 * reads the same in a pre-commit hook, in CI and in `pulumi preview`.
 */

/** One problem in a flows file, or in a Flow JSON file it names. */
export interface FlowsFileProblem {
  /** The file, as the user named it (kept relative so editors and CI logs can link it). */
  readonly file: string;
  /** 1-based line; 0 when the problem is about the whole file (it cannot be read, say). */
  readonly line: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /**
   * Where in the document, e.g. `flows.sign-up.categories[1]`; empty for the file itself
   * (a syntax error, an empty file).
   */
  readonly path: string;
  /**
   * For a problem in a Flow JSON file (`file` is then that file): where in it, as an RFC 6901
   * JSON pointer such as `/screens/0/id` ("" for the whole Flow JSON).
   */
  readonly pointer?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A step of a document path: a map key or a list index. */
export type PathSegment = string | number;

// Keys that read unambiguously after a dot; anything else (a resource name with a dot in
// it, say) is shown in brackets so the path can be read back.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** True for a key shown as it is; any other is quoted (escaped and cut, see `quote`). */
function isPlainKey(key: string): boolean {
  return key.length <= QUOTE_MAX_LENGTH && PLAIN_KEY.test(key);
}

/**
 * A key from the file as a message shows it: as it is when it is a plain word such as
 * `regoin`, else quoted, so that a key holding control characters, line breaks or bidi
 * controls, or a very long one, stays on one line and reads as what it is.
 */
export function formatKey(key: string): string {
  return isPlainKey(key) ? key : quote(key);
}

/**
 * Prints a document path the way the problems show it: `flows.sign-up.categories[1]`,
 * `flows["web.sign-up"].name`. A key in brackets is quoted: escaped, and cut when long.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (isPlainKey(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${quote(segment)}]`;
  }
  return text;
}

/**
 * One problem on one line, as compilers print them so terminals and editors link to the
 * spot: `flows.yaml:12:7 flows.sign-up.categories[1]: "SIGNUP" is not ...`. Whatever the
 * problem holds, the line holds no control character, line break or bidi control: the file
 * name, path and message are escaped (quotes and backslashes are left as they are).
 */
export function formatProblem(problem: FlowsFileProblem): string {
  let where = escapeControls(problem.file);
  if (problem.line > 0) where += `:${problem.line}`;
  if (problem.line > 0 && problem.column !== undefined) where += `:${problem.column}`;
  const message = escapeControls(problem.message);
  return problem.path ? `${where} ${escapeControls(problem.path)}: ${message}` : `${where}: ${message}`;
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems(problems: readonly FlowsFileProblem[]): FlowsFileProblem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0),
  );
}
