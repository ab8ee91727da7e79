import { MAX_FLOW_JSON_DEPTH, MAX_FLOW_JSON_PROBLEMS } from "./limits";

/**
 * What JSON.parse does not say about a text it accepted: keys repeated in one object (it keeps the last, silently)
 * and nesting deeper than the checks here go. One pass over text already known to be valid JSON, so it only has to
 * find strings (with the native indexOf), brackets, colons and commas.
 */

/** What one scan found, by offset in the text. */
export interface StructureScan {
  /** Each key equal to an earlier key of the same object: where the repeat starts (its quote), and the key. */
  readonly duplicateKeys: Array<{ readonly offset: number; readonly key: string }>;
  /** The offset of the first bracket past {@link MAX_FLOW_JSON_DEPTH} levels, if any (the scan stops there). */
  readonly tooDeepAt?: number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** Scans `text`, which JSON.parse has accepted. */
export function scanStructure(text: string): StructureScan {
  const duplicateKeys: Array<{ offset: number; key: string }> = [];
  // One entry per open bracket: the keys seen so far in an object, undefined for a list.
  const open: Array<Set<string> | undefined> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) {
      const end = closingQuote(text, i);
      if (keyNext) {
        const raw = text.slice(i + 1, end);
        // An escaped key ("\u0061") is the same key as its plain form ("a"): decode before comparing.
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const keys = open[open.length - 1]!;
        if (!keys.has(key)) keys.add(key);
        else if (duplicateKeys.length < MAX_FLOW_JSON_PROBLEMS) duplicateKeys.push({ offset: i, key });
        keyNext = false;
      }
      i = end;
    } else if (unit === 123 /* { */ || unit === 91 /* [ */) {
      if (open.length === MAX_FLOW_JSON_DEPTH) return { duplicateKeys, tooDeepAt: i };
      open.push(unit === 123 ? new Set() : undefined);
      keyNext = unit === 123;
    } else if (unit === 125 /* } */ || unit === 93 /* ] */) {
      open.pop();
    } else if (unit === 44 /* , */) {
      keyNext = open[open.length - 1] !== undefined;
    }
  }
  return { duplicateKeys };
}

/** The offset of the quote that closes the string opening at `start`: the next one not escaped by a backslash. */
function closingQuote(text: string, start: number): number {
  for (let end = text.indexOf('"', start + 1); ; end = text.indexOf('"', end + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
}
