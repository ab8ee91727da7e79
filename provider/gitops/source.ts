import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLMap, YAMLSeq, type Alias, type Document, type Node, type Pair } from "yaml";
import { escapeControls, shorten } from "../text/quote";
import type { PathSegment } from "./problems";

/**
 * A flows file read into plain values, with a way back from any value to the line and
 * column it came from. YAML goes through the `yaml` parser; JSON is first held to strict
 * JSON, then read with JSON.parse and a light scan of its text that gives what the `yaml`
 * parser would (JSON is YAML 1.2 flow syntax, and a JSON file the parser reads its own way
 * still goes through it), so either way a problem reads the same.
 *
 * Everything here is linear in the size of the file: the parser's own duplicate-key check
 * compares each key with every earlier key of its map, and its alias resolution walks the
 * whole document for each alias, so both are done here instead, in one pass; a map (or a
 * long list) is indexed the first time a path goes through it; a position is computed only
 * for a problem (or a flow's line) that asks for it.
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

let steps = 0;

/**
 * How many steps reading and locating have taken in this process so far: nodes visited,
 * keys indexed or compared, path segments followed, aliases resolved. For tests, which prove
 * the work is linear in the file by counting (they never time anything): read a file of n
 * flows and of 2n, and the difference in steps must at most about double.
 */
export function sourceSteps(): number {
  return steps;
}

/** Maps with at most this many pairs are searched in place rather than indexed. */
const SMALL_MAP = 8;

/** The longest a parser's message gets in a problem: it may quote the file's text. */
const PARSER_MESSAGE_MAX = 200;

/** True for file names read as strict JSON; everything else is read as YAML. */
export function isJsonFileName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(".json");
}

/** Reads `text` as YAML, or as JSON when `fileName` ends in `.json`. Never throws. */
export function readSource(text: string, fileName: string): SourceDocument {
  const syntax = isJsonFileName(fileName) ? "json" : "yaml";
  let json: { value: unknown } | { error: string } | undefined;
  if (syntax === "json") {
    try {
      json = { value: JSON.parse(text) };
    } catch (error) {
      json = { error: (error as Error).message };
    }
    // Valid JSON is read without the YAML parser (see readJson); a file with a syntax error
    // is left to the path below, which reports it as it always has.
    if ("value" in json) {
      const read = readJson(text, json.value);
      if (read) return read;
    }
  }

  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one short line; positions come from the counter.
  // uniqueKeys off: the parser would compare every key with each earlier one of its map,
  // quadratic in a map's size; scan() below finds duplicates in one pass instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false, uniqueKeys: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxErrors: SyntaxProblem[] = [];
  if (json && "error" in json) syntaxErrors.push(strictJsonError(json.error, text, at));
  const scanned = scan(doc);
  if (syntaxErrors.length === 0) {
    for (const error of withDuplicates(doc.errors, scanned.duplicateKeys)) syntaxErrors.push({ ...at(error.pos[0]), message: yamlMessage(error.code, error.message) });
    for (const warning of doc.warnings) syntaxErrors.push({ ...at(warning.pos[0]), message: yamlMessage(warning.code, warning.message) });
  }

  let value: unknown = null;
  if (syntaxErrors.length === 0) {
    try {
      value = toPlain(doc, scanned.aliasTargets, 1000);
    } catch (error) {
      // Only alias abuse gets here (a billion-laughs file); report it like a syntax error.
      syntaxErrors.push({ line: 1, column: 1, message: `the file cannot be read: ${parserText((error as Error).message)}` });
    }
  }

  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const walk = (path: readonly PathSegment[]) => walkPath(doc, path, scanned.aliasTargets, indexes);
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

/** What one pass over the document found. */
interface Scanned {
  /** The key of every pair whose key equals an earlier key of the same map, in order. */
  readonly duplicateKeys: Node[];
  /** Each alias and the node it stands for (absent: no anchor of that name before it). */
  readonly aliasTargets: Map<Alias, Node>;
}

/**
 * One pass over every node, in document order (a pair's key before its value): duplicate
 * keys, judged as the parser judges them (two scalar keys with `===` values; `1` and `"1"`
 * differ), and each alias's node, the last one anchored with its name before it, as the
 * parser resolves aliases. Iterative, so a deep document cannot overflow the stack here.
 */
function scan(doc: Document): Scanned {
  const duplicateKeys: Node[] = [];
  const aliasTargets = new Map<Alias, Node>();
  const anchored = new Map<string, Node>();
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    steps++;
    if (isAlias(node)) {
      const target = anchored.get(node.source);
      if (target) aliasTargets.set(node, target);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchored.set(node.anchor, node);
    if (isMap(node)) {
      findDuplicateKeys(node.items, duplicateKeys);
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i].value, node.items[i].key);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    }
  }
  return { duplicateKeys, aliasTargets };
}

function findDuplicateKeys(items: readonly Pair[], found: Node[]): void {
  if (items.length <= SMALL_MAP) {
    for (let i = 1; i < items.length; i++) {
      for (let j = 0; j < i; j++) {
        steps++;
        if (sameKey(items[j].key, items[i].key)) {
          found.push(items[i].key as Node);
          break;
        }
      }
    }
    return;
  }
  const seen = new Set<unknown>();
  for (const { key } of items) {
    steps++;
    if (!isScalar(key)) continue;
    // NaN !== NaN: the parser never finds a NaN key repeated, and neither does this.
    if (Number.isNaN(key.value)) continue;
    if (seen.has(key.value)) found.push(key);
    else seen.add(key.value);
  }
}

/** The parser's test: the same node, or two scalars with `===` values. */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (isScalar(a) && isScalar(b) && a.value === b.value);
}

/**
 * The parser's errors with a DUPLICATE_KEY error for each of `keys`, in order of offset,
 * each after the errors the parser raised at or before it (where the parser raises it).
 */
function withDuplicates(errors: Document["errors"], keys: readonly Node[]): Array<{ pos: [number, number]; code: string; message: string }> {
  if (keys.length === 0) return errors;
  // scan() finds them map by map; the parser met them in the order of the text.
  const duplicates = [...keys].sort((a, b) => a.range![0] - b.range![0]).map((key) => ({ pos: [key.range![0], key.range![1]] as [number, number], code: "DUPLICATE_KEY", message: "Map keys must be unique" }));
  const merged: Array<{ pos: [number, number]; code: string; message: string }> = [];
  let i = 0;
  for (const error of errors) {
    while (i < duplicates.length && duplicates[i].pos[0] < error.pos[0]) merged.push(duplicates[i++]);
    merged.push(error);
  }
  while (i < duplicates.length) merged.push(duplicates[i++]);
  return merged;
}

/**
 * Follows `path` through the document's nodes, resolving aliases. Returns the last node
 * reached, the key node that led to it, and whether the whole path was found. Each step is
 * a lookup in the map's index (built on its first use), so a path costs its length.
 */
function walkPath(
  doc: Document,
  path: readonly PathSegment[],
  aliasTargets: Map<Alias, Node>,
  indexes: WeakMap<YAMLMap, Map<string, Pair>>,
): { node: Node | null; key?: Node; complete: boolean } {
  const resolve = (node: Node | null): Node | null => (isAlias(node) ? (aliasTargets.get(node) ?? node) : node);
  let node = doc.contents as Node | null;
  let key: Node | undefined;
  for (const segment of path) {
    steps++;
    node = resolve(node);
    let next: Node | undefined;
    if (isMap(node) && typeof segment === "string") {
      const pair = pairOf(node, segment, indexes);
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
  return { node: resolve(node), key, complete: true };
}

/** The first pair of `map` whose scalar key reads as `segment`. */
function pairOf(map: YAMLMap, segment: string, indexes: WeakMap<YAMLMap, Map<string, Pair>>): Pair | undefined {
  const keyOf = (pair: Pair): string | undefined => (isScalar(pair.key) ? String(pair.key.value) : undefined);
  if (map.items.length <= SMALL_MAP) {
    for (const pair of map.items) {
      steps++;
      if (keyOf(pair) === segment) return pair;
    }
    return undefined;
  }
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      steps++;
      const text = keyOf(pair);
      if (text !== undefined && !index.has(text)) index.set(text, pair);
    }
    indexes.set(map, index);
  }
  return index.get(segment);
}

// ---------------------------------------------------------------------------------------
// The document as plain values. `Document.toJS` gives the same values, but it resolves each
// alias by scanning every anchor and alias before it (quadratic in the aliases of a file);
// this does the same conversion with the aliases resolved by scan(). Documents that use
// more than the YAML 1.2 core schema (a %YAML 1.1 directive: merge keys, sets, timestamps)
// or a map or list as a key are left to `Document.toJS`.

/** Thrown inside toPlain for a construct it leaves to `Document.toJS`. */
class NotPlain extends Error {}

/** What the parser keeps per anchor while converting (see yaml's Alias.resolve). */
interface AnchorData {
  count: number;
  aliasCount: number;
  res: unknown;
  /** aliasCount is 0 for good: the node holds no alias and no scalar (only empty lists and maps). */
  settled?: boolean;
}

const MERGE_TAG = "tag:yaml.org,2002:merge";

/**
 * `doc.toJS({ maxAliasCount })`, in time linear in the document: the same values (maps as
 * objects, keys as the parser writes them), the same shared object for an alias of a map or
 * list, and the same errors (an unresolved alias; excessive aliasing, counted the same way).
 */
function toPlain(doc: Document, aliasTargets: Map<Alias, Node>, maxAliasCount: number): unknown {
  const schema = doc.schema;
  if (schema.name !== "core" || schema.tags.some((tag) => tag.tag === MERGE_TAG)) return doc.toJS({ maxAliasCount });
  const anchors = new Map<Node, AnchorData>();

  const convert = (node: unknown): unknown => {
    steps++;
    if (isAlias(node)) return resolveAlias(node);
    const anchor = (isScalar(node) || isMap(node) || isSeq(node)) && node.anchor ? { aliasCount: 0, count: 1, res: undefined as unknown } : undefined;
    if (anchor) anchors.set(node as Node, anchor);
    if (isScalar(node)) {
      if (anchor) anchor.res = node.value;
      return node.value;
    }
    if (isMap(node)) {
      if (node.constructor !== YAMLMap) throw new NotPlain();
      const map: Record<string, unknown> = {};
      if (anchor) anchor.res = map;
      for (const pair of node.items) addPair(map, pair);
      return map;
    }
    if (isSeq(node)) {
      if (node.constructor !== YAMLSeq) throw new NotPlain();
      const list: unknown[] = [];
      if (anchor) anchor.res = list;
      for (const item of node.items) list.push(convert(item));
      return list;
    }
    if (node === null || node === undefined) return node;
    throw new NotPlain();
  };

  const addPair = (map: Record<string, unknown>, pair: Pair): void => {
    if ((pair.key as { addToJSMap?: unknown } | null)?.addToJSMap) throw new NotPlain();
    const jsKey = convert(pair.key);
    if (jsKey !== null && typeof jsKey === "object") throw new NotPlain(); // a map or list as a key
    const key = jsKey === null ? "" : String(jsKey);
    const value = convert(pair.value);
    // `__proto__` and the like: an own property, never the prototype (as the parser does).
    if (key in map) Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
    else map[key] = value;
  };

  const resolveAlias = (alias: Alias): unknown => {
    const found = aliasTargets.get(alias);
    if (!found) throw new ReferenceError(`Unresolved alias (the anchor must be set before the alias): ${alias.source}`);
    let data = anchors.get(found);
    if (!data) {
      convert(found);
      data = anchors.get(found);
    }
    if (data?.res === undefined) throw new ReferenceError("This should not happen: Alias anchor was not resolved?");
    if (maxAliasCount >= 0) {
      data.count += 1;
      if (data.aliasCount === 0 && !data.settled) {
        // The parser counts again each time the count is 0; with no alias inside, it stays 0.
        aliasSeen = false;
        data.aliasCount = aliasCount(found);
        data.settled = data.aliasCount === 0 && !aliasSeen;
      }
      if (data.count * data.aliasCount > maxAliasCount) throw new ReferenceError("Excessive alias count indicates a resource exhaustion attack");
    }
    return data.res;
  };

  // How many values one alias of `node` stands for, as the parser counts it.
  let aliasSeen = false;
  const aliasCount = (node: unknown): number => {
    steps++;
    if (isAlias(node)) {
      aliasSeen = true;
      const source = aliasTargets.get(node);
      const data = source && anchors.get(source);
      return data ? data.count * data.aliasCount : 0;
    }
    if (isMap(node)) {
      let count = 0;
      for (const pair of node.items) count = Math.max(count, aliasCount(pair.key), aliasCount(pair.value));
      return count;
    }
    if (isSeq(node)) {
      let count = 0;
      for (const item of node.items) count = Math.max(count, aliasCount(item));
      return count;
    }
    return 1;
  };

  try {
    return convert(doc.contents);
  } catch (error) {
    if (error instanceof NotPlain) return doc.toJS({ maxAliasCount });
    throw error;
  }
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

/**
 * A parser's message, made safe for a one-line problem: it may quote the file's text (a
 * tag, an escape sequence, a stretch of JSON), so control and invisible characters are
 * escaped and a long message is cut.
 */
function parserText(message: string): string {
  return escapeControls(shorten(message, PARSER_MESSAGE_MAX));
}

function yamlMessage(code: string, message: string): string {
  const hint = YAML_HINTS[code];
  return `YAML syntax error: ${parserText(message).replace(/\.$/, "")}${hint ? ` (${hint})` : ""}.`;
}

/** JSON.parse's complaint about the file, with its offset turned into a line and column. */
function strictJsonError(message: string, text: string, at: (offset: number) => Position): SyntaxProblem {
  // Node 20 says "... in JSON at position N"; later versions "... (line L column C)".
  const byOffset = /at position (\d+)/.exec(message);
  const byLine = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = byLine
    ? { line: Number(byLine[1]), column: Number(byLine[2]) }
    : byOffset
      ? at(Number(byOffset[1]))
      : at(text.length);
  const clean = message.replace(/,? ?(in JSON )?at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "").replace(/\.$/, "");
  return { ...position, message: `JSON syntax error: ${parserText(clean)}.` };
}

// ---------------------------------------------------------------------------------------
// Valid JSON, read without the YAML parser. The parser builds a token tree and a node tree
// for the whole file (together some 60 bytes of memory per byte of JSON, and most of the
// time); JSON.parse has already made the values, so all that is left is the way back to the
// text: one pass records every value's offsets on a compact tape (a few typed arrays), and
// finds duplicate keys as the parser would. It gives what the YAML path gives for the same
// file (the values, the duplicate-key errors, every position), which tests check; the two
// differ where the parser reads JSON its own way, so those files still go the YAML way: a
// lone CR (no line break to the parser), nesting deeper than MAX_JSON_DEPTH (the parser runs
// out of stack at a few hundred levels), and a document that is a lone scalar (a tab before
// it is "indentation" to the parser). None is a flows file anyway.

const MAX_JSON_DEPTH = 64;

const OBJECT = 1;
const ARRAY = 2;
const STRING = 3;
/** A number, true, false or null: what YAML calls a plain scalar. */
const PLAIN = 4;
/** Set on a value whose key holds a backslash escape (decoded with JSON.parse). */
const KEY_ESCAPED = 8;

/** Every value of a JSON text, in document order (a container before its contents). */
class Tape {
  count = 0;
  kind = new Uint8Array(256);
  /** The value's text: [start, end). */
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** The member's key, quotes included: [keyStart, keyEnd), or -1 (not a member). */
  keyStart = new Int32Array(256);
  keyEnd = new Int32Array(256);
  /** The first value after this one and its contents: a container's next sibling. */
  after = new Int32Array(256);

  add(kind: number, start: number, keyStart: number, keyEnd: number): number {
    if (this.count === this.kind.length) this.grow();
    const v = this.count++;
    this.kind[v] = kind;
    this.start[v] = start;
    this.keyStart[v] = keyStart;
    this.keyEnd[v] = keyEnd;
    this.after[v] = v + 1;
    return v;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grown = <T extends Uint8Array | Int32Array>(old: T): T => {
      const next = new (old.constructor as new (n: number) => T)(size);
      next.set(old);
      return next;
    };
    this.kind = grown(this.kind);
    this.start = grown(this.start);
    this.end = grown(this.end);
    this.keyStart = grown(this.keyStart);
    this.keyEnd = grown(this.keyEnd);
    this.after = grown(this.after);
  }
}

/**
 * The index after the closing quote of the string starting at `from`, and whether it holds
 * a `\`, given the first backslash at or after `from` (-1: none).
 */
function stringEnd(text: string, from: number, backslash: number): { end: number; escaped: boolean } {
  let quote = text.indexOf('"', from + 1);
  if (backslash === -1 || backslash > quote) return { end: quote + 1, escaped: false };
  for (;;) {
    let slashes = 0;
    for (let i = quote - 1; text.charCodeAt(i) === 0x5c; i--) slashes++;
    if (slashes % 2 === 0) return { end: quote + 1, escaped: true };
    quote = text.indexOf('"', quote + 1);
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** A key's text as a string: the characters between the quotes, unescaped. */
function keyText(text: string, start: number, end: number, escaped: boolean): string {
  return escaped ? (JSON.parse(text.slice(start, end)) as string) : text.slice(start + 1, end - 1);
}

/**
 * Records every value of `text` (valid JSON) on a tape, and the start of every key equal to
 * an earlier key of its object. Undefined when nested deeper than MAX_JSON_DEPTH.
 */
function scanJson(text: string): { tape: Tape; duplicateKeys: number[] } | undefined {
  const tape = new Tape();
  const duplicateKeys: number[] = [];
  const open: number[] = [];
  // The keys of each open object so far: a list while short, a set once long.
  const keysOf: Array<string[] | Set<string> | null> = [];
  let i = skipSpace(text, 0);
  let keyStart = -1;
  let keyEnd = -1;
  let keyEscaped = false;
  // The first backslash at or after the string being read: strings come in order, so it
  // only moves forward (searching from each string instead would be quadratic).
  let backslash = text.indexOf("\\");
  const stringAt = (from: number) => {
    if (backslash !== -1 && backslash < from) backslash = text.indexOf("\\", from);
    return stringEnd(text, from, backslash);
  };

  const readKey = (): void => {
    const { end, escaped } = stringAt(i);
    keyStart = i;
    keyEnd = end;
    keyEscaped = escaped;
    const key = keyText(text, i, end, escaped);
    const keys = keysOf[keysOf.length - 1]!;
    steps++;
    if (Array.isArray(keys)) {
      if (keys.includes(key)) duplicateKeys.push(i);
      else if (keys.length < SMALL_MAP) keys.push(key);
      else keysOf[keysOf.length - 1] = new Set([...keys, key]);
    } else if (keys.has(key)) duplicateKeys.push(i);
    else keys.add(key);
    i = skipSpace(text, skipSpace(text, end) + 1); // past the colon
  };

  for (;;) {
    steps++;
    const c = text.charCodeAt(i);
    const flags = keyEscaped ? KEY_ESCAPED : 0;
    if (c === 0x7b || c === 0x5b) {
      const v = tape.add((c === 0x7b ? OBJECT : ARRAY) | flags, i, keyStart, keyEnd);
      open.push(v);
      keysOf.push(c === 0x7b ? [] : null);
      if (open.length > MAX_JSON_DEPTH) return undefined;
      i = skipSpace(text, i + 1);
      const next = text.charCodeAt(i);
      if (next !== 0x7d && next !== 0x5d) {
        if (c === 0x7b) readKey();
        else {
          keyStart = keyEnd = -1;
          keyEscaped = false;
        }
        continue;
      }
    } else {
      const v = tape.add((c === 0x22 ? STRING : PLAIN) | flags, i, keyStart, keyEnd);
      if (c === 0x22) i = stringAt(i).end;
      else {
        for (;;) {
          const d = text.charCodeAt(i);
          if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || Number.isNaN(d)) break;
          i++;
        }
      }
      tape.end[v] = i;
    }
    // After a value: close what ends here, up to a comma and the next value.
    for (;;) {
      i = skipSpace(text, i);
      if (open.length === 0) return { tape, duplicateKeys };
      if (text.charCodeAt(i) === 0x2c) {
        i = skipSpace(text, i + 1);
        if (keysOf[keysOf.length - 1]) readKey();
        else {
          keyStart = keyEnd = -1;
          keyEscaped = false;
        }
        break;
      }
      const container = open.pop()!;
      keysOf.pop();
      i++;
      tape.end[container] = i;
      tape.after[container] = tape.count;
    }
  }
}

/** The SourceDocument of valid JSON, or undefined for a file the YAML path must read. */
function readJson(text: string, value: unknown): SourceDocument | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  if (value === null || typeof value !== "object") return undefined;
  const scanned = scanJson(text);
  if (!scanned) return undefined;
  const { tape, duplicateKeys } = scanned;

  // Line starts where the parser's line counter puts them: the start, and after each LF.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxErrors = duplicateKeys.map((offset) => ({ ...at(offset), message: yamlMessage("DUPLICATE_KEY", "Map keys must be unique") }));

  // Members of large objects by key (the first of a repeated key), elements of large arrays
  // by index: built on the first path through them.
  const memberIndexes = new Map<number, Map<string, number>>();
  const elementIndexes = new Map<number, Int32Array>();
  const child = (container: number, segment: PathSegment): number => {
    const kind = tape.kind[container] & 7;
    const end = tape.after[container];
    if (kind === OBJECT && typeof segment === "string") {
      const keyOf = (v: number) => keyText(text, tape.keyStart[v], tape.keyEnd[v], (tape.kind[v] & KEY_ESCAPED) !== 0);
      let index = memberIndexes.get(container);
      if (!index) {
        let members = 0;
        for (let v = container + 1; v < end && members <= SMALL_MAP; v = tape.after[v]) members++;
        if (members <= SMALL_MAP) {
          for (let v = container + 1; v < end; v = tape.after[v]) {
            steps++;
            if (keyOf(v) === segment) return v;
          }
          return -1;
        }
        index = new Map();
        for (let v = container + 1; v < end; v = tape.after[v]) {
          steps++;
          const key = keyOf(v);
          if (!index.has(key)) index.set(key, v);
        }
        memberIndexes.set(container, index);
      }
      return index.get(segment) ?? -1;
    }
    if (kind === ARRAY && typeof segment === "number") {
      let index = elementIndexes.get(container);
      if (!index) {
        const elements: number[] = [];
        for (let v = container + 1; v < end; v = tape.after[v]) {
          steps++;
          elements.push(v);
        }
        index = Int32Array.from(elements);
        elementIndexes.set(container, index);
      }
      return Number.isInteger(segment) && segment >= 0 && segment < index.length ? index[segment] : -1;
    }
    return -1;
  };

  // As walkPath: the last value reached, the member that led to it, whether all was found.
  const walk = (path: readonly PathSegment[]): { node: number; key: number; complete: boolean } => {
    let node = 0;
    let key = -1;
    for (const segment of path) {
      steps++;
      const kind = tape.kind[node] & 7;
      const next = child(node, segment);
      if (kind === OBJECT && typeof segment === "string") {
        if (next >= 0) key = next;
      } else if (kind === ARRAY && typeof segment === "number") key = -1;
      if (next < 0) return { node, key, complete: false };
      node = next;
    }
    return { node, key, complete: true };
  };

  return {
    value: syntaxErrors.length === 0 ? value : null,
    syntaxErrors,
    syntax: "json",
    locate: (path) => at(tape.start[walk(path).node]),
    locateKey: (path) => {
      const found = walk(path);
      return found.complete && found.key >= 0 ? at(tape.keyStart[found.key]) : at(tape.start[found.node]);
    },
    scalarSource: (path) => {
      const found = walk(path);
      const kind = tape.kind[found.node] & 7;
      if (!found.complete || (kind !== STRING && kind !== PLAIN)) return undefined;
      return { text: text.slice(tape.start[found.node], tape.end[found.node]), plain: kind === PLAIN };
    },
  };
}
