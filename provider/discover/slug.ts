/**
 * Resource names for discovered flows: a readable slug of each flow's name, unique within
 * the file. The resource name is the flow's Pulumi URN, so it must be stable: the same
 * flows give the same names whatever order Kaleyra lists them in, and renaming a key later
 * replaces the resource. Pure; no Pulumi, no network.
 */

/** The longest slug, in characters: long enough to read, short enough for a URN and a terminal. */
export const SLUG_MAX_LENGTH = 60;

/** What a slug is made of: lower-case ASCII letters and digits, single `-` between them. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// Letters NFKD does not take apart (they are letters of their own, not a base letter with a
// mark), spelled as people type them in ASCII.
const LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ł: "l",
  Ł: "l",
  ı: "i",
  ħ: "h",
  Ħ: "h",
  ŋ: "n",
  Ŋ: "n",
};
const SPECIAL_LETTERS = new RegExp(`[${Object.keys(LETTERS).join("")}]`, "gu");

/**
 * A flow name's slug: diacritics folded (`Café` → `cafe`, `ﬁ` → `fi`, `ß` → `ss`), lower
 * case, every run of other characters turned into one `-`, no `-` at either end, cut at
 * {@link SLUG_MAX_LENGTH} (at a word boundary when one is near). Empty when the name has no
 * ASCII letter or digit left (a name in another script, only symbols, or no name).
 *
 * @example slugOf("Réservation (v2) — Café") === "reservation-v2-cafe"
 */
export function slugOf(name: string | undefined): string {
  if (!name) return "";
  // A name is at most 200 characters when valid, but this also sees names the rules refuse:
  // a few times the limit is plenty to make a slug of 60, and bounds the work on a huge one.
  const head = name.length > 1000 ? name.slice(0, 1000) : name;
  const folded = fold(head).toLowerCase();
  // Lower-casing can bring marks back (U+0130 İ becomes i + U+0307): fold once more.
  const ascii = fold(folded)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return cut(ascii, SLUG_MAX_LENGTH);
}

/** Compatibility forms and marks taken apart and dropped; a few whole letters spelled out. */
function fold(text: string): string {
  return text
    .replace(SPECIAL_LETTERS, (letter) => LETTERS[letter])
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

/**
 * `slug` cut to at most `max` characters. Cut at the last `-` when that keeps at least two
 * thirds of the room (a whole word reads better than half of one), else mid-word.
 */
function cut(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const boundary = head.lastIndexOf("-");
  const kept = boundary >= Math.ceil((max * 2) / 3) ? head.slice(0, boundary) : head;
  return kept.replace(/-+$/, "");
}

/** The resource name of a flow that has no usable name. Flow ids are unique, so this is too. */
export function fallbackName(flowId: string): string {
  return `flow-${flowId}`;
}

/** A flow as far as naming goes. */
export interface NameableFlow {
  readonly id: string;
  readonly name?: string;
}

/**
 * A unique resource name for each flow, by flow id: its name's slug, or `flow-<id>` when the
 * name gives none. Repeats get `-2`, `-3`, ...: the flow with the smallest id keeps the plain
 * slug, so the names do not depend on the order the flows came in. A suffixed name never
 * takes the plain slug of another flow (`A`, `A`, `A 2` → `a`, `a-3`, `a-2`), and never
 * grows past {@link SLUG_MAX_LENGTH}.
 */
export function assignResourceNames(flows: readonly NameableFlow[]): Map<string, string> {
  const wanted = flows.map((flow) => ({ id: flow.id, slug: slugOf(flow.name) || fallbackName(flow.id) }));
  wanted.sort((a, b) => compareText(a.slug, b.slug) || compareIds(a.id, b.id));
  const plain = new Set(wanted.map((w) => w.slug));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const { id, slug } of wanted) {
    if (names.has(id)) continue; // the same flow twice: one name
    let name = slug;
    if (taken.has(name)) {
      for (let n = 2; ; n++) {
        const suffix = `-${n}`;
        const candidate = `${cut(slug, SLUG_MAX_LENGTH - suffix.length)}${suffix}`;
        if (!taken.has(candidate) && !plain.has(candidate)) {
          name = candidate;
          break;
        }
      }
    }
    taken.add(name);
    names.set(id, name);
  }
  return names;
}

/** Orders text by UTF-16 code units: the same everywhere, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders flow ids (strings of digits) as numbers: shorter first, then digit by digit. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || compareText(a, b);
}
