import type { Flag } from "./command-line";

/**
 * How help text is laid out: a term (a flag, a variable) on the left, what it means wrapped
 * beside it, so that every command's help reads alike and a row built from a table (the
 * settings, the flags) lines up with the hand-written ones.
 */

/** The widest a help line gets. */
export const HELP_WIDTH = 100;

/** The column where a row's text starts. */
const TEXT_COLUMN = 24;

/** Terms are indented by this much. */
const INDENT = "  ";

/** One row of an options or environment section. */
export interface HelpRow {
  /** The flag or variable, e.g. `-o, --out FILE`. */
  readonly term: string;
  /** What it does, as one paragraph; wrapped here. */
  readonly text: string;
}

/**
 * The rows, each term indented and its text wrapped from {@link TEXT_COLUMN} to
 * {@link HELP_WIDTH}; a term too long to leave room has its text start on the next line.
 */
export function helpRows(rows: readonly HelpRow[]): string {
  const pad = " ".repeat(TEXT_COLUMN);
  return rows
    .map(({ term, text }) => {
      const lines = wrap(text, HELP_WIDTH - TEXT_COLUMN);
      const head = `${INDENT}${term}`;
      const first = head.length + 2 <= TEXT_COLUMN ? [`${head.padEnd(TEXT_COLUMN)}${lines.shift() ?? ""}`] : [head];
      return [...first, ...lines.map((line) => `${pad}${line}`)].map((line) => `${line.trimEnd()}\n`).join("");
    })
    .join("");
}

/** `text` cut into lines of at most `width` characters at spaces; a longer word stands alone. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A flag as the help shows it. */
export type DocumentedFlag = Flag & {
  /** What the help calls its value, e.g. `FILE`; none for a switch. */
  readonly value?: string;
  /** What it does, for the options section. */
  readonly help: string;
};

/** `--out FILE`, or with its short form `-o, --out FILE`. */
export function flagTerm(name: string, flag: DocumentedFlag, withShort: boolean): string {
  const long = `--${name}${flag.value ? ` ${flag.value}` : ""}`;
  return withShort && flag.short ? `-${flag.short}, ${long}` : long;
}

/** The options section's rows, one per flag, in the table's order. */
export function optionRows(flags: Readonly<Record<string, DocumentedFlag>>): string {
  return helpRows(Object.entries(flags).map(([name, flag]) => ({ term: flagTerm(name, flag, true), text: flag.help })));
}
