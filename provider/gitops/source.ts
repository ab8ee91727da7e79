import { isAlias, isCollection, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Alias, Document, Node, Pair, YAMLMap } from "yaml";
import { escapeControls, shorten } from "../text/quote";
import type { PathSegment } from "./problems";

/**
 * A flows file read into plain values, with a way back from any value to the line and column it is written at.
 * Both syntaxes go through the `yaml` parser (JSON is YAML 1.2), so a problem reads the same in either; a `*.json`
 * file is first held to strict JSON by JSON.parse, whose values it then has.
 */

/**
 * The largest flows file read, in bytes of UTF-8. Reading takes about 70 MiB of memory per MB of YAML (see
 * bench/RESULTS.md), so 32 MiB stays well inside node's default heap of about 4 GiB; 130,000 flows fit in 21 MB.
 */
export const MAX_FLOWS_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The most anchors and aliases a file may hold. `yaml` resolves each alias by searching every anchor and alias
 * before it, so their cost grows with the square of their number; 5,000 keep it to about a second at worst.
 */
export const MAX_ANCHORS_AND_ALIASES = 5000;

/** yaml's own guard against aliases that multiply; with no alias in an anchored value, it allows 999 per anchor. */
const MAX_ALIAS_COUNT = 1000;

/** The longest a parser's message gets in a problem: it may quote the file's text. */
const PARSER_MESSAGE_MAX = 200;

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Why the file cannot be read, and where: line 0 (and no column) for the file as a whole. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

/** The raw text of a scalar as written, and whether it was quoted. */
export interface ScalarSource {
  /** The characters in the file, e.g. `12345678901234567890` or `"Sign up"`. */
  readonly text: string;
  /** True for an unquoted scalar: YAML decided its type (number, boolean, null) from its text. */
  readonly plain: boolean;
}

/** A file that was read. */
export interface SourceDocument {
  /** The whole document as plain JS (maps are objects, lists arrays); `null` when empty. */
  readonly value: unknown;
  /** `yaml` or `json`: the syntax the file was read as, for messages. */
  readonly syntax: "yaml" | "json";
  /** Where the value at `path` starts, or the nearest enclosing value that exists. */
  locate(path: readonly PathSegment[]): Position;
  /** Where the key of the last segment of `path` starts (falls back to `locate`). */
  locateKey(path: readonly PathSegment[]): Position;
  /** The scalar at `path` as written in the file, if there is one. */
  scalarSource(path: readonly PathSegment[]): ScalarSource | undefined;
}

/** The outcome of reading: the document, or every reason it cannot be read. */
export type ReadResult =
  | { readonly ok: true; readonly source: SourceDocument }
  | { readonly ok: false; readonly problems: readonly SyntaxProblem[] };

/** True for file names read as strict JSON; everything else is read as YAML. */
export function isJsonFileName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(".json");
}

/** Reads `text` as YAML, or as strict JSON when `fileName` ends in `.json`. Never throws. */
export function readSource(text: string, fileName: string): ReadResult {
  const syntax = isJsonFileName(fileName) ? "json" : "yaml";
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_FLOWS_FILE_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const message =
      `the file is ${mib(bytes)}, more than the ${mib(MAX_FLOWS_FILE_BYTES)} a flows file may be: ` + `split it.`;
    return { ok: false, problems: [{ line: 0, message }] };
  }

  let json: unknown;
  if (syntax === "json") {
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [strictJsonError((error as Error).message, text)] };
    }
    // JSON takes a lone CR for a line break, `yaml` for part of the next token: make it an LF, offsets unchanged.
    text = text.replace(/\r(?!\n)/g, "\n");
  }

  const lineCounter = new LineCounter();
  // uniqueKeys off: the parser's own check compares each key with every earlier key of its map; scan() does it in
  // one pass. prettyErrors off: a message stays one short line.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const scanned = scan(doc);
  const problems: SyntaxProblem[] = [
    ...[...doc.errors, ...doc.warnings].map((e) => ({ ...at(e.pos[0]), message: yamlMessage(e.code, e.message) })),
    ...scanned.duplicateKeys.map((key) => ({ ...at(key.range![0]), message: yamlMessage("DUPLICATE_KEY", DUPLICATE) })),
    ...scanned.problems.map(({ node, message }) => ({ ...at(node.range![0]), message })),
  ];
  if (problems.length > 0) return { ok: false, problems };

  let value = json;
  if (syntax === "yaml") {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // An alias before its anchor, or one anchor aliased too often.
      const message = `the file cannot be read: ${parserText(error)}`;
      return { ok: false, problems: [{ line: 1, column: 1, message }] };
    }
  }

  const walk = pathWalker(doc, scanned.aliasTargets);
  const start = (node: Node | undefined): Position => (node?.range ? at(node.range[0]) : { line: 1, column: 1 });
  const source: SourceDocument = {
    value,
    syntax,
    locate: (path) => start(walk(path).node),
    locateKey: (path) => {
      const found = walk(path);
      return start(found.complete && found.key ? found.key : found.node);
    },
    scalarSource: (path) => {
      const { node, complete } = walk(path);
      if (!complete || !isScalar(node) || !node.range) return undefined;
      return { text: text.slice(node.range[0], node.range[1]), plain: node.type === "PLAIN" };
    },
  };
  return { ok: true, source };
}

const DUPLICATE = "Map keys must be unique";

/** What one pass over the document found. */
interface Scanned {
  /** Each key equal to an earlier key of its map. */
  readonly duplicateKeys: Node[];
  /** Each alias and the node it stands for: the last one anchored with its name before it, as `yaml` resolves it. */
  readonly aliasTargets: Map<Alias, Node>;
  /** Anchors and aliases beyond what a flows file may hold. */
  readonly problems: Array<{ node: Node; message: string }>;
}

/**
 * One pass over every node, in document order (a pair's key before its value). Keys are judged as the parser judges
 * them: two scalar keys with `===` values are the same (so `1` and `"1"` differ, and NaN never repeats).
 *
 * An anchored value must be a scalar, or a list or map of scalars: on each alias, `yaml` walks the anchored value to
 * count what it stands for, and the whole document for each alias inside it. That also rules out the nested aliases
 * of a "billion laughs" file. Iterative, so a deep document cannot overflow the stack.
 */
function scan(doc: Document): Scanned {
  const scanned: Scanned = { duplicateKeys: [], aliasTargets: new Map(), problems: [] };
  const anchored = new Map<string, Node>();
  const reported = new Set<Node>();
  let references = 0;
  // Each node, and the anchored value it is inside, if any.
  const pending: Array<[node: unknown, anchor: Node | undefined]> = [[doc.contents, undefined]];
  while (pending.length > 0) {
    const [node, anchor] = pending.pop()!;
    if (!isNode(node)) continue;
    if ((isAlias(node) || node.anchor) && ++references === MAX_ANCHORS_AND_ALIASES + 1) {
      const message =
        `the file holds more than ${MAX_ANCHORS_AND_ALIASES} YAML anchors and aliases (&name, *name), ` +
        `more than a flows file may: write the values out.`;
      scanned.problems.push({ node, message });
    }
    if (anchor && (isAlias(node) || isCollection(node)) && !reported.has(anchor)) {
      reported.add(anchor);
      const what = isAlias(node) ? "an alias" : isMap(node) ? "a map" : "a list";
      const message =
        `the YAML anchor &${shorten(String(anchor.anchor), 40)} holds ${what}: in a flows file an anchor marks ` +
        `a scalar, or a list or map of scalars. Anchor the inner values instead.`;
      scanned.problems.push({ node, message });
    }
    if (isAlias(node)) {
      const target = anchored.get(node.source);
      if (target) scanned.aliasTargets.set(node, target);
      continue;
    }
    if (node.anchor) anchored.set(node.anchor, node);
    const inside = anchor ?? (node.anchor ? node : undefined);
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const { key } of node.items) {
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (seen.has(key.value)) scanned.duplicateKeys.push(key);
        else seen.add(key.value);
      }
      for (let i = node.items.length - 1; i >= 0; i--) {
        pending.push([node.items[i].value, inside], [node.items[i].key, inside]);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push([node.items[i], inside]);
    }
  }
  return scanned;
}

/** The last node a path reaches, the key node that led to it, and whether the whole path was there. */
interface Walked {
  readonly node: Node | undefined;
  readonly key?: Node;
  readonly complete: boolean;
}

/**
 * Follows paths through the document's nodes, through aliases. A map is indexed by key the first time a path goes
 * through it, so each step costs the same in a map of 20,000 flows as in one of 3.
 */
function pathWalker(doc: Document, aliasTargets: Map<Alias, Node>): (path: readonly PathSegment[]) => Walked {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const resolve = (node: Node | undefined) => (isAlias(node) ? (aliasTargets.get(node) ?? node) : node);
  const pairOf = (map: YAMLMap, segment: string): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        // A key as the plain value names it (a null key is ""); the first of a repeated key.
        const text = isScalar(pair.key) ? (pair.key.value === null ? "" : String(pair.key.value)) : undefined;
        if (text !== undefined && !index.has(text)) index.set(text, pair);
      }
      indexes.set(map, index);
    }
    return index.get(segment);
  };

  return (path) => {
    let node = (doc.contents as Node | null) ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      node = resolve(node);
      let next: Node | undefined;
      if (isMap(node) && typeof segment === "string") {
        const pair = pairOf(node, segment);
        if (pair) {
          key = pair.key as Node;
          next = (pair.value as Node | null) ?? undefined;
          // `key:` with no value has no value node: point at the key.
          if (!next) return { node: key, key, complete: true };
        }
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment] as Node | undefined;
        key = undefined;
      }
      if (!next) return { node, key, complete: false };
      node = next;
    }
    return { node: resolve(node), key, complete: true };
  };
}

// A word on how to fix the YAML mistakes people actually make; the parser's own message says what is wrong but not
// what to do.
const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: "each key may appear once in a map; a flow's resource name may appear once under flows",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  BAD_INDENT: "check the indentation here and that every [ and { is closed",
  MISSING_CHAR: "a bracket or quote is not closed",
  MULTIPLE_DOCS: "a flows file holds one document: remove the extra ---",
  TAG_RESOLVE_FAILED: "a flows file uses plain YAML: remove the !tag",
};

/** A parser's message made safe for a one-line problem: it may quote the file's text (a tag, a stretch of JSON). */
function parserText(message: unknown): string {
  return escapeControls(shorten(message instanceof Error ? message.message : String(message), PARSER_MESSAGE_MAX));
}

function yamlMessage(code: string, message: string): string {
  const hint = YAML_HINTS[code];
  return `YAML syntax error: ${parserText(message).replace(/\.$/, "")}${hint ? ` (${hint})` : ""}.`;
}

/** JSON.parse's complaint about the file, with its offset turned into a line and column. */
function strictJsonError(message: string, text: string): SyntaxProblem {
  // Node 20 says "... in JSON at position N"; later versions "... (line L column C)".
  const byLine = /\(line (\d+) column (\d+)\)/.exec(message);
  const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
  const before = text.slice(0, offset);
  const position = byLine
    ? { line: Number(byLine[1]), column: Number(byLine[2]) }
    : { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
  const clean = message
    .replace(/,? ?(in JSON )?at position \d+.*$/, "")
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/\.$/, "");
  return { ...position, message: `JSON syntax error: ${parserText(clean)}.` };
}
