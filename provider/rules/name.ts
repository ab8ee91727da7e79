import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";

/**
 * The longest flow name accepted, in characters (Unicode code points). Kaleyra's page sets no
 * limit; other providers of Meta's Flows API document 200 (e.g. AWS End User Messaging
 * Social's flow name), and Meta's own pages give none, so 200 is the limit that keeps a
 * name valid everywhere the same flow can be edited.
 */
export const NAME_MAX_LENGTH = 200;

// What a name shown to people on one line must not hold. Each entry: a pattern (with the
// `u` flag, so a well-formed surrogate pair is one code point) and how to say what it is.
const FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\p{Cc}]/u, "a control character"],
  [/[\u2028\u2029]/u, "a line or paragraph separator"],
  [
    /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u,
    "a bidirectional control character (it reorders how the text is shown)",
  ],
  [/\p{Cs}/u, "half of a surrogate pair (a broken character)"],
  // Format characters are invisible. Zero-width joiner and non-joiner (U+200C/D) are kept:
  // emoji sequences and several scripts need them; so are emoji tag characters (flags).
  [/(?!\u200C|\u200D|[\u{E0020}-\u{E007F}])\p{Cf}/u, "an invisible formatting character (e.g. a zero-width space)"],
];

/**
 * A flow name: a string, trimmed, not empty, at most {@link NAME_MAX_LENGTH} characters,
 * with no control, invisible or bidirectional characters and no broken surrogates. Returns
 * the trimmed name, which is what is sent.
 */
export function checkName(value: unknown): Checked<string> {
  if (typeof value !== "string")
    return bad(`name must be a string, got ${show(value)}. Write the flow's name as text, e.g. name: "Sign up".`);
  const name = value.trim();
  if (name === "") return bad(`name is empty. Give the flow a name, or leave name out to stop managing it.`);
  for (const [pattern, what] of FORBIDDEN) {
    const match = pattern.exec(name);
    if (match) {
      const codePoint = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      const position = Array.from(name.slice(0, match.index)).length + 1;
      return bad(
        `name ${show(name)} holds ${what}, U+${codePoint} at character ${position}. Remove it: flow names are ` +
          `shown to WhatsApp users as plain text.`,
      );
    }
  }
  const length = Array.from(name).length;
  if (length > NAME_MAX_LENGTH) {
    return bad(`name ${show(name)} has ${length} characters; the limit is ${NAME_MAX_LENGTH}. Shorten it.`);
  }
  return ok(name);
}
