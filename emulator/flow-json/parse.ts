/**
 * A JSON parser that remembers where every value is in the text, which `JSON.parse` does
 * not: Meta's validation errors give the line and column of the offending value, so the
 * emulator needs the same. Strict RFC 8259 JSON (no comments, no trailing commas, no BOM),
 * as Meta's parser is.
 */

/** A stretch of the text: offsets in UTF-16 code units, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One property of an object: its key, where the key is, and its value. */
export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** An object, keeping its properties in text order (a repeated key: the last one wins on lookup, as in JSON.parse). */
export interface JsonObjectNode {
  readonly kind: "object";
  readonly span: Span;
  readonly entries: readonly JsonEntry[];
}

/** An array. */
export interface JsonArrayNode {
  readonly kind: "array";
  readonly span: Span;
  readonly items: readonly JsonNode[];
}

/** A string, number, boolean or null. */
export interface JsonScalarNode {
  readonly kind: "string" | "number" | "boolean" | "null";
  readonly span: Span;
  readonly value: string | number | boolean | null;
}

/** Any JSON value with its place in the text. */
export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

/** The parsed document, or where and why it is not JSON. */
export type ParseResult =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly offset: number; readonly message: string };

/** Deeper than any Flow JSON; past it the parser would risk the call stack. */
export const MAX_DEPTH = 512;

/** Parses `text`. Never throws. */
export function parseJson(text: string): ParseResult {
  const parser = new Parser(text);
  try {
    parser.whitespace();
    const root = parser.value(0);
    parser.whitespace();
    if (parser.pos < text.length) parser.fail(`Unexpected ${describe(text, parser.pos)} after the JSON value`);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

/** The value of property `key` of an object node (the last one if repeated), or undefined. */
export function property(node: JsonObjectNode, key: string): JsonEntry | undefined {
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string, offset = this.pos): never {
    throw new SyntaxFailure(offset, message);
  }

  whitespace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`Nested more than ${MAX_DEPTH} levels deep`);
    const { text } = this;
    if (this.pos >= text.length) this.fail("Unexpected end of input: a value was expected");
    const c = text[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') {
      const start = this.pos;
      const value = this.string();
      return { kind: "string", span: { start, end: this.pos }, value };
    }
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, this.pos)) {
        const start = this.pos;
        this.pos += word.length;
        return { kind: value === null ? "null" : "boolean", span: { start, end: this.pos }, value };
      }
    }
    return this.fail(`Unexpected ${describe(text, this.pos)}: a value was expected`);
  }

  private object(depth: number): JsonObjectNode {
    const start = this.pos++;
    const entries: JsonEntry[] = [];
    this.whitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { kind: "object", span: { start, end: this.pos }, entries };
    }
    for (;;) {
      if (this.pos >= this.text.length) this.fail("Unexpected end of input: the object is not closed");
      if (this.text[this.pos] !== '"') {
        const trailing = this.text[this.pos] === "}" && entries.length > 0;
        this.fail(
          trailing
            ? "Trailing comma in an object"
            : `Unexpected ${describe(this.text, this.pos)}: a property name was expected`,
        );
      }
      const keyStart = this.pos;
      const key = this.string();
      const keySpan = { start: keyStart, end: this.pos };
      this.whitespace();
      if (this.text[this.pos] !== ":")
        this.fail(`Expected ':' after the property name, found ${describe(this.text, this.pos)}`);
      this.pos++;
      this.whitespace();
      const value = this.value(depth + 1);
      entries.push({ key, keySpan, value });
      this.whitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        this.whitespace();
        continue;
      }
      if (next === "}") {
        this.pos++;
        return { kind: "object", span: { start, end: this.pos }, entries };
      }
      this.fail(
        next === undefined
          ? "Unexpected end of input: the object is not closed"
          : `Expected ',' or '}' after a property, found ${describe(this.text, this.pos)}`,
      );
    }
  }

  private array(depth: number): JsonArrayNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.whitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { kind: "array", span: { start, end: this.pos }, items };
    }
    for (;;) {
      if (this.text[this.pos] === "]" && items.length > 0) this.fail("Trailing comma in an array");
      items.push(this.value(depth + 1));
      this.whitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        this.whitespace();
        continue;
      }
      if (next === "]") {
        this.pos++;
        return { kind: "array", span: { start, end: this.pos }, items };
      }
      this.fail(
        next === undefined
          ? "Unexpected end of input: the array is not closed"
          : `Expected ',' or ']' after an array item, found ${describe(this.text, this.pos)}`,
      );
    }
  }

  /** Reads a string token at `pos` (a `"`); returns its value. */
  private string(): string {
    const { text } = this;
    const start = this.pos++;
    let escaped = false;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        const raw = text.slice(start + 1, this.pos - 1);
        // The token is checked character by character above, so JSON.parse cannot fail on it.
        return escaped ? (JSON.parse(text.slice(start, this.pos)) as string) : raw;
      }
      if (c < 0x20) this.fail("A control character must be escaped inside a string");
      if (c === 0x5c) {
        escaped = true;
        const e = text[this.pos + 1];
        if (e === "u") {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(this.pos + 2, this.pos + 6)))
            this.fail("Invalid \\u escape: four hex digits were expected");
          this.pos += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`Invalid escape sequence \\${e ?? ""}`);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    return this.fail("Unterminated string", start);
  }

  private number(): JsonScalarNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`Invalid number`);
    this.pos = start + match[0].length;
    const after = this.text[this.pos];
    // "01", "1.", "1e": the regex stops early; what follows shows the number is malformed.
    if (after !== undefined && /[0-9.eE+-]/.test(after)) this.fail("Invalid number", start);
    return { kind: "number", span: { start, end: this.pos }, value: Number(match[0]) };
  }
}

function describe(text: string, offset: number): string {
  if (offset >= text.length) return "end of input";
  const code = text.codePointAt(offset) as number;
  if (code < 0x20 || code === 0xfeff) return `character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `character '${String.fromCodePoint(code)}'`;
}
