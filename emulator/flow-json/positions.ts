/**
 * Offsets in a text as the line and column numbers Meta's validation errors use: both
 * start at 1; a column counts UTF-16 code units from the start of its line (a tab is one);
 * a line ends at `\n` (a `\r` before it is the line's last column).
 */
import type { Span } from "./parse";

/** Where a span is: first line and column, last line and column (the last character's, inclusive). */
export interface TextRange {
  readonly line_start: number;
  readonly line_end: number;
  readonly column_start: number;
  readonly column_end: number;
}

/** Line and column lookups over one text; building it scans the text once. */
export class Positions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** The 1-based line and column of an offset (the end of the text is one column past its last character). */
  at(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  /** A span as Meta's four numbers; an empty span (the end of the text) is one column wide. */
  range(span: Span): TextRange {
    const start = this.at(span.start);
    const end = this.at(Math.max(span.start, span.end - 1));
    return { line_start: start.line, line_end: end.line, column_start: start.column, column_end: end.column };
  }
}
