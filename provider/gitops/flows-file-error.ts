import { KaleyraError } from "../errors/kaleyra-error";
import { escapeControls } from "../text/quote";
import { plural } from "../text/plural";
import { formatProblem, FlowsFileProblem, sortProblems } from "./problems";

/**
 * Thrown by `declareFlows` when a flows file has any problem, before any resource is
 * registered. Its message lists every problem, one per line, so one `pulumi preview` shows
 * everything to fix. Pulumi treats it as a `pulumi.RunError`: it prints the message only.
 * Like every error of the package, it is a {@link KaleyraError}.
 */
export class FlowsFileError extends KaleyraError {
  /** Every problem found, in file and line order. */
  public readonly problems: readonly FlowsFileProblem[];

  /** @param problems The problems found; at least one. */
  constructor(problems: readonly FlowsFileProblem[]) {
    const sorted = sortProblems(problems);
    // Every line of the message is printed through formatProblem or escaped like it, so a
    // file name or a key cannot break a line or reorder one (see provider/text/quote.ts).
    const files = [...new Set(sorted.map((p) => p.file))].map(escapeControls).join(", ");
    const heading = `${plural(sorted.length, "problem")} in ${files}; no flow was declared:`;
    super([heading, ...sorted.map(formatProblem)].join("\n"), {
      hint:
        "Fix each problem at the line and column given; " +
        "`npx pulumi-kaleyra-flows validate <file>` checks the file offline.",
    });
    this.problems = sorted;
    // Pulumi prints an uncaught RunError as its message alone, not as an "unhandled
    // exception" with a stack trace and an object dump: the message here is the whole
    // report. Pulumi recognizes RunError by this marker (RunError.isInstance), so the
    // checker need not import @pulumi/pulumi to get that.
    Object.defineProperty(this, "__pulumiRunError", { value: true, enumerable: false });
  }
}
