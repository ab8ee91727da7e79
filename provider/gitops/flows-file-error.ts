import { formatProblem, plural, FlowsFileProblem, sortProblems } from "./problems";

/**
 * Thrown by `declareFlows` when a flows file has any problem, before any resource is
 * registered. Its message lists every problem, one per line, so one `pulumi preview` shows
 * everything to fix. Pulumi treats it as a `pulumi.RunError`: it prints the message only.
 */
export class FlowsFileError extends Error {
  /** Every problem found, in file and line order. */
  public readonly problems: readonly FlowsFileProblem[];

  /** @param problems The problems found; at least one. */
  constructor(problems: readonly FlowsFileProblem[]) {
    const sorted = sortProblems(problems);
    const files = [...new Set(sorted.map((p) => p.file))].join(", ");
    super(`${plural(sorted.length, "problem")} in ${files}; no flow was declared:\n${sorted.map(formatProblem).join("\n")}`);
    this.name = "FlowsFileError";
    this.problems = sorted;
    // Pulumi prints an uncaught RunError as its message alone, not as an "unhandled
    // exception" with a stack trace and an object dump: the message here is the whole
    // report. Pulumi recognizes RunError by this marker (RunError.isInstance), so the
    // checker need not import @pulumi/pulumi to get that.
    Object.defineProperty(this, "__pulumiRunError", { value: true, enumerable: false });
  }
}
