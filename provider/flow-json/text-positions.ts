import { Node, parseTree, visit } from "jsonc-parser";
import { childPointer, pointerSegments } from "./problem";

/**
 * From a JSON pointer back to a line and column of the text. Built only when there are problems to place: a clean
 * file never pays for the tree (jsonc-parser, used for its offsets only; JSON.parse decides what the values are).
 */

/** A 1-based line and column; columns count UTF-16 code units, as editors and LSP do. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Line and column of any offset in one text; the line table is built on first use. */
export class LineTable {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Where `offset` is. A line ends at "\n", "\r\n" or a lone "\r", as JSON's whitespace allows all three. */
  at(offset: number): TextPosition {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 10 || (unit === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/**
 * Places pointers in one text (valid JSON): a property at its key, a list item at its first character, and a
 * pointer to something absent (a missing property) at the nearest enclosing value that is there.
 */
export class PointerLocator {
  private root: Node | undefined;
  private readonly lines: LineTable;
  private readonly keyIndexes = new WeakMap<Node, Map<string, Node>>();

  constructor(private readonly text: string) {
    this.lines = new LineTable(text);
  }

  /** The line and column of the value or key `pointer` names. */
  locate(pointer: string): TextPosition {
    this.root ??= parseTree(this.text, [], { disallowComments: true });
    let node = this.root;
    if (!node) return { line: 1, column: 1 };
    let offset = node.offset;
    for (const segment of pointerSegments(pointer)) {
      const next = this.child(node, segment);
      if (!next) break;
      node = next.value;
      offset = next.at;
      if (!node) break;
    }
    return this.lines.at(offset);
  }

  /** The child `segment` of `node`: its value and where to point (the key of a property, the start of an item). */
  private child(node: Node, segment: string): { value: Node | undefined; at: number } | undefined {
    if (node.type === "array") {
      const item = /^(0|[1-9][0-9]*)$/.test(segment) ? node.children?.[Number(segment)] : undefined;
      return item && { value: item, at: item.offset };
    }
    if (node.type !== "object") return undefined;
    const property = this.propertiesOf(node).get(segment);
    return property && { value: property.children?.[1], at: property.offset };
  }

  // Indexed on first use, so many problems in one big object cost one pass over it. The last of a repeated key wins,
  // as it does for JSON.parse.
  private propertiesOf(node: Node): Map<string, Node> {
    let index = this.keyIndexes.get(node);
    if (!index) {
      index = new Map();
      for (const property of node.children ?? []) {
        const key = property.children?.[0]?.value;
        if (typeof key === "string") index.set(key, property);
      }
      this.keyIndexes.set(node, index);
    }
    return index;
  }
}

/**
 * The pointer of the property whose key starts at each of `offsets`, in one pass over `text` (valid JSON nested no
 * deeper than the limit: jsonc-parser recurses).
 */
export function keyPointers(text: string, offsets: readonly number[]): Map<number, string> {
  const wanted = new Set(offsets);
  const pointers = new Map<number, string>();
  visit(
    text,
    {
      onObjectProperty: (property, offset, _length, _line, _character, pathSupplier) => {
        if (wanted.has(offset)) pointers.set(offset, [...pathSupplier(), property].reduce<string>(toPointer, ""));
      },
    },
    { disallowComments: true },
  );
  return pointers;
}

function toPointer(pointer: string, segment: string | number): string {
  return childPointer(pointer, segment);
}
