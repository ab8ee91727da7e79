import { escapeControls } from "../text/quote";
import { formatPath, sortProblems, type FlowsFileProblem, type PathSegment } from "./problems";
import type { SourceDocument } from "./source";

/**
 * Collects the problems of one flows file, locating each by its document path; problems in
 * files the flows file names (Flow JSON files) are added whole, with their own file and line.
 */
export class Report {
  private readonly problems: FlowsFileProblem[] = [];

  constructor(
    readonly file: string,
    readonly source: SourceDocument,
  ) {}

  /** A problem with the value at `path`. */
  value(path: readonly PathSegment[], message: string): void {
    this.problems.push(problemAt(this.file, this.source.locate(path), path, message));
  }

  /** A problem with the key at the end of `path` (an unknown key, a missing field). */
  key(path: readonly PathSegment[], message: string): void {
    this.problems.push(problemAt(this.file, this.source.locateKey(path), path, message));
  }

  /** A problem located elsewhere (in a Flow JSON file), its message escaped as every other. */
  add(problem: FlowsFileProblem): void {
    this.problems.push({ ...problem, message: escapeControls(problem.message) });
  }

  sorted(): FlowsFileProblem[] {
    return sortProblems(this.problems);
  }
}

/**
 * A problem at `position`. Messages are built from values in the file, here and in ../rules: any control, line
 * separator or bidi character that got through unquoted is escaped, so that each is one safe line in the CLI's text
 * and --json output and in FlowsFileError (formatProblem escapes again; this covers the problem objects too).
 */
export function problemAt(
  file: string,
  position: { line: number; column?: number },
  path: readonly PathSegment[],
  message: string,
): FlowsFileProblem {
  const { line, column } = position;
  return { file, line, column, path: formatPath(path), message: escapeControls(message) };
}
