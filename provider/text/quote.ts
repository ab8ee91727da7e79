/**
 * How this package shows a value it did not write (a user's input, a key in a flows file, a
 * string from a response) inside its own messages: quoted, escaped and cut short, so that
 * it always stays on one line and cannot pass for something else.
 *
 * `JSON.stringify` alone is not enough: it leaves U+2028/U+2029 (line breaks to many
 * terminals and editors), bidirectional controls such as U+202E (which reorder the rest of
 * the line), zero-width characters and lone surrogates as they are. Here every code point
 * that is a control (Cc), a format character (Cf), a line or paragraph separator, a private
 * use or unassigned code point, or half of a surrogate pair is written as `\u{...}`.
 */

// Cc: C0/C1 controls, DEL. Cf: bidi controls, zero-width space/joiners, BOM, soft hyphen.
// Zl/Zp: U+2028/U+2029. Co: private use. Cn: unassigned. Cs: a lone surrogate (with the `u`
// flag a well-formed pair is one code point and never matches).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}"\\]/gu;
const CONTROLS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/gu;

/** The longest a quoted value gets, in code points, before it is cut with an ellipsis. */
export const QUOTE_MAX_LENGTH = 80;

/**
 * `text` between double quotes, every unsafe code point escaped (`"` and `\` too), cut at
 * `max` code points. The result holds only printable characters and never a line break.
 *
 * @example quote("Sign up\u202E") === '"Sign up\\u{202e}"'
 */
export function quote(text: string, max: number = QUOTE_MAX_LENGTH): string {
  const cut = cutAt(text, max);
  return cut ? `"${escapeUnsafe(cut.shown)}..." (${cut.length} characters)` : `"${escapeUnsafe(text)}"`;
}

/** `text` with every unsafe code point escaped, unquoted and uncut. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * `text` with every unsafe code point escaped as {@link escapeUnsafe} does, but quotes and
 * backslashes left as they are: for text that is already a message (it may quote values
 * itself) or a file name (a Windows path keeps its backslashes). The result never holds a
 * control character, a line break, a bidi control or a lone surrogate.
 *
 * @example escapeControls('name "a"\u2028b') === 'name "a"\\u{2028}b'
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, escapeOne);
}

/** `text` cut at `max` code points with `...` when longer; not escaped. */
export function shorten(text: string, max: number = QUOTE_MAX_LENGTH): string {
  const cut = cutAt(text, max);
  return cut ? `${cut.shown}...` : text;
}

function escapeOne(ch: string): string {
  if (ch === '"') return '\\"';
  if (ch === "\\") return "\\\\";
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/**
 * The first `max` code points of `text` and its length in code points, or undefined when it
 * has no more than `max`. Never copies the text into an array: a key may be megabytes long.
 */
function cutAt(text: string, max: number): { shown: string; length: number } | undefined {
  if (text.length <= max) return undefined; // never more code points than UTF-16 units
  let points = 0;
  let end = -1;
  for (let i = 0; i < text.length; i++) {
    if (points === max) end = i;
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    points++;
  }
  return points > max ? { shown: text.slice(0, end), length: points } : undefined;
}

/**
 * Any value as one short line: strings through {@link quote}; numbers, booleans and null as
 * JSON; lists and maps as compact JSON with their strings escaped, cut like a string.
 */
export function show(value: unknown, max: number = QUOTE_MAX_LENGTH): string {
  if (typeof value === "string") return quote(value, max);
  if (value === undefined) return "nothing";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? "a list" : "a map";
  }
  // JSON already escaped quotes, backslashes and C0 controls; escape what it left.
  const safe = json.replace(
    /[\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\u007f-\u009f]/gu,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`,
  );
  const points = Array.from(safe);
  return points.length > max ? `${points.slice(0, max).join("")}... (${points.length} characters)` : safe;
}

/** True when `text` would be shown by {@link quote} exactly as written (nothing to escape). */
export function isPrintable(text: string): boolean {
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/u.test(text);
}

/**
 * What kind of value this is, without showing it (for settings, which may hold secrets):
 * `a list`, `a map`, `null`, `a string`, `a number`, ...
 */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "a map" : `a ${typeof value}`;
}
