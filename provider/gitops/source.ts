import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { PathSegment } from "./problems";

/**
 * A flows file read into plain values, with a way back from any value to the line and
 * column it came from. YAML and JSON both go through the `yaml` parser (JSON is YAML 1.2
 * flow syntax), so one locator serves both; JSON files are first held to strict JSON.
 */

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A syntax problem: where, and what the parser said. */
export interface SyntaxProblem extends Position {
  readonly message: string;
}

/** The raw text of a scalar as written, and whether it was quoted. */
export interface ScalarSource {
  /** The characters in the file, e.g. `12345678901234567890` or `"Sign up"`. */
  readonly text: string;
  /** True for an unquoted scalar: YAML decided its type (number, boolean, null) from its text. */
  readonly plain: boolean;
}

/** A parsed file. `value` is meaningful only when `syntaxErrors` is empty. */
export interface SourceDocument {
  /** The whole document as plain JS (maps are objects, lists arrays); `null` when empty. */
  readonly value: unknown;
  /** YAML or JSON syntax errors, and YAML constructs a flows file cannot hold (tags). */
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** `yaml` or `json`: the syntax the file was read as, for messages. */
  readonly syntax: "yaml" | "json";
  /** Where the value at `path` starts, or the nearest enclosing value that exists. */
  locate(path: readonly PathSegment[]): Position;
  /** Where the key of the last segment of `path` starts (falls back to `locate`). */
  locateKey(path: readonly PathSegment[]): Position;
  /** The scalar at `path` as written in the file, if there is one. */
  scalarSource(path: readonly PathSegment[]): ScalarSource | undefined;
}

/** True for file names read as strict JSON; everything else is read as YAML. */
export function isJsonFileName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(".json");
}

/** Reads `text` as YAML, or as JSON when `fileName` ends in `.json`. Never throws. */
export function readSource(text: string, fileName: string): SourceDocument {
  const syntax = isJsonFileName(fileName) ? "json" : "yaml";
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one short line; positions come from the counter.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxErrors: SyntaxProblem[] = [];
  if (syntax === "json") {
    const jsonError = strictJsonError(text, at);
    if (jsonError) syntaxErrors.push(jsonError);
  }
  if (syntaxErrors.length === 0) {
    for (const error of doc.errors) syntaxErrors.push({ ...at(error.pos[0]), message: yamlMessage(error.code, error.message) });
    for (const warning of doc.warnings) syntaxErrors.push({ ...at(warning.pos[0]), message: yamlMessage(warning.code, warning.message) });
  }

  let value: unknown = null;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // Only alias abuse gets here (a billion-laughs file); report it like a syntax error.
      syntaxErrors.push({ line: 1, column: 1, message: `the file cannot be read: ${(error as Error).message}` });
    }
  }

  const walk = (path: readonly PathSegment[]) => walkPath(doc, path);
  const start = (node: Node | null | undefined): Position => (node?.range ? at(node.range[0]) : { line: 1, column: 1 });
  return {
    value,
    syntaxErrors,
    syntax,
    locate: (path) => start(walk(path).node),
    locateKey: (path) => {
      const found = walk(path);
      return found.complete && found.key ? start(found.key) : start(found.node);
    },
    scalarSource: (path) => {
      const found = walk(path);
      if (!found.complete || !isScalar(found.node) || !found.node.range) return undefined;
      const [from, to] = found.node.range;
      return { text: text.slice(from, to), plain: found.node.type === "PLAIN" };
    },
  };
}

/**
 * Follows `path` through the document's nodes, resolving aliases. Returns the last node
 * reached, the key node that led to it, and whether the whole path was found.
 */
function walkPath(doc: Document, path: readonly PathSegment[]): { node: Node | null; key?: Node; complete: boolean } {
  let node = doc.contents as Node | null;
  let key: Node | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? node;
    let next: Node | undefined;
    if (isMap(node) && typeof segment === "string") {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (pair) {
        key = pair.key as Node;
        next = (pair.value as Node | null) ?? undefined;
        // `key:` with no value has no value node: point at the key.
        if (!next) return { node: key, key, complete: true };
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = (node.items[segment] as Node | undefined) ?? undefined;
      key = undefined;
    }
    if (!next) return { node, key, complete: false };
    node = next;
  }
  if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? node;
  return { node, key, complete: true };
}

// A word on how to fix the YAML mistakes people actually make; the parser's own message
// says what is wrong but not what to do.
const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: "each key may appear once in a map; a flow's resource name may appear once under flows",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  BAD_INDENT: "check the indentation here and that every [ and { is closed",
  MISSING_CHAR: "a bracket or quote is not closed",
  MULTIPLE_DOCS: "a flows file holds one document: remove the extra ---",
  TAG_RESOLVE_FAILED: "a flows file uses plain YAML: remove the !tag",
};

function yamlMessage(code: string, message: string): string {
  const hint = YAML_HINTS[code];
  return `YAML syntax error: ${message.replace(/\.$/, "")}${hint ? ` (${hint})` : ""}.`;
}

/** JSON.parse's verdict on the file, with its offset turned into a line and column. */
function strictJsonError(text: string, at: (offset: number) => Position): SyntaxProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    // Node 20 says "... in JSON at position N"; later versions "... (line L column C)".
    const byOffset = /at position (\d+)/.exec(message);
    const byLine = /\(line (\d+) column (\d+)\)/.exec(message);
    const position = byLine
      ? { line: Number(byLine[1]), column: Number(byLine[2]) }
      : byOffset
        ? at(Number(byOffset[1]))
        : at(text.length);
    const clean = message.replace(/,? ?(in JSON )?at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "").replace(/\.$/, "");
    return { ...position, message: `JSON syntax error: ${clean}.` };
  }
}
