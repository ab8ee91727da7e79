import { getLocation, ParseError, ParseErrorCode, parseTree } from "jsonc-parser";
import { escapeControls, shorten } from "../text/quote";
import { MAX_FLOW_JSON_PROBLEMS } from "./limits";
import { childPointer, FlowJsonProblem, problemAt, quoted } from "./problem";
import { LineTable } from "./text-positions";

/**
 * Why a text is not strict JSON, where, and the fix. Run only after JSON.parse has refused the text: jsonc-parser
 * then finds every mistake with its offset (JSON.parse stops at the first and, on Node 20, gives no line).
 */

/** The syntax problems of `text`, which JSON.parse refused with `parseError`: at most one per line. */
export function syntaxProblems(text: string, parseError: Error): FlowJsonProblem[] {
  if (text.trim() === "") {
    return [
      { pointer: "", message: 'the text is empty: a Flow JSON is an object {"version": ..., "screens": [...]}.' },
    ];
  }
  const errors: ParseError[] = [];
  const lines = new LineTable(text);
  try {
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses: a text of a million "[" overflows the stack. JSON.parse's message still places it.
    return [parserProblem(text, parseError, lines)];
  }
  const problems: FlowJsonProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of errors) {
    const { offset, message } = explain(text, error);
    const { line, column } = lines.at(offset);
    // One error tends to set off others on the same line (a missing comma, then a missing colon): keep the first.
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    problems.push({ ...problemAt(pointerAt(text, offset), `JSON syntax error: ${message}`), line, column });
    if (problems.length === MAX_FLOW_JSON_PROBLEMS) break;
  }
  // jsonc-parser is more lenient than JSON.parse in a few corners (a leading zero, say): fall back on its message.
  return problems.length > 0 ? problems : [parserProblem(text, parseError, lines)];
}

/** What the error means for someone editing the file, and the offset to show it at. */
function explain(text: string, error: ParseError): { offset: number; message: string } {
  const { offset, length } = error;
  const token = text.slice(offset, offset + Math.max(length, 1));
  switch (error.error) {
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return { offset, message: "a comment; JSON has no comments: remove it." };
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected: {
      const comma = trailingComma(text, offset);
      if (comma !== undefined) return { offset: comma, message: `a trailing comma before ${token}: remove the comma.` };
      return error.error === ParseErrorCode.ValueExpected
        ? { offset, message: "a value is missing here: write a string, number, object, list, true, false or null." }
        : { offset, message: 'a property name is expected here, in double quotes ("name").' };
    }
    case ParseErrorCode.InvalidSymbol:
      if (offset === 0 && text.charCodeAt(0) === 0xfeff) {
        return { offset, message: "the text starts with a byte order mark (U+FEFF): save it as UTF-8 without a BOM." };
      }
      return {
        offset,
        message:
          `${quoted(token)} is not JSON: strings take double quotes, and values are numbers, true, false or null ` +
          `(not NaN, Infinity or undefined).`,
      };
    case ParseErrorCode.ColonExpected:
      return { offset, message: "a colon (:) is missing after the property name." };
    case ParseErrorCode.CommaExpected:
      return { offset, message: "a comma (,) is missing before this." };
    case ParseErrorCode.CloseBraceExpected:
      return { offset, message: "an object is not closed: a } is missing." };
    case ParseErrorCode.CloseBracketExpected:
      return { offset, message: "a list is not closed: a ] is missing." };
    case ParseErrorCode.EndOfFileExpected:
      return { offset, message: "text after the end of the Flow JSON object: remove it (or a stray } or ])." };
    case ParseErrorCode.UnexpectedEndOfString:
      return { offset, message: 'a string is not closed: end it with " on the same line (write a line break as \\n).' };
    case ParseErrorCode.InvalidCharacter:
      return { offset, message: "a control character inside a string: escape it (\\n, \\t, \\u0000)." };
    case ParseErrorCode.InvalidEscapeCharacter:
      return { offset, message: 'a bad escape in a string: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.' };
    case ParseErrorCode.InvalidUnicode:
      return { offset, message: "a bad \\u escape: it takes exactly four hex digits, such as \\u00e9." };
    default:
      return { offset, message: "a malformed number: write digits, with an optional -, fraction and exponent." };
  }
}

/** The offset of the comma just before `offset` (a `}` or `]`), if only whitespace separates them. */
function trailingComma(text: string, offset: number): number | undefined {
  const close = text.charAt(offset);
  if (close !== "}" && close !== "]") return undefined;
  let i = offset - 1;
  while (i >= 0 && " \t\r\n".includes(text.charAt(i))) i--;
  return text.charAt(i) === "," ? i : undefined;
}

/** The pointer of the value around `offset`, as far as the broken text lets jsonc-parser tell. */
function pointerAt(text: string, offset: number): string {
  const { path, previousNode } = getLocation(text, offset);
  // Between properties jsonc-parser names the next key "", not yet written: the pointer is the object's.
  const segments = previousNode === undefined && path[path.length - 1] === "" ? path.slice(0, -1) : path;
  return segments.reduce<string>((pointer, segment) => childPointer(pointer, segment), "");
}

/** JSON.parse's own complaint, placed by its offset ("at position N" on Node 20, "(line L column C)" later). */
function parserProblem(text: string, error: Error, lines: LineTable): FlowJsonProblem {
  const byLine = /\(line (\d+) column (\d+)\)/.exec(error.message);
  const offset = Number(/at position (\d+)/.exec(error.message)?.[1] ?? 0);
  const position = byLine ? { line: Number(byLine[1]), column: Number(byLine[2]) } : lines.at(offset);
  // Its message may quote the text ("... \"{\"a\":NaN}\" is not valid JSON"): keep only its own words.
  const clean = error.message
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/,? ?(in JSON )?at position \d+.*$/, "")
    .replace(/\s*\(line \d+ column \d+\)/, "");
  return {
    pointer: "",
    message: `JSON syntax error: ${escapeControls(shorten(clean, 100)).replace(/\.$/, "")}.`,
    ...position,
  };
}
