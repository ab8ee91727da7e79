/**
 * The one error type the emulator throws for bad input: a seed, a flow written through the
 * control API, a fault rule. It carries the HTTP status the control API answers with, so
 * the same validation serves the in-process API (which throws) and the HTTP one (which
 * answers `{"error": message}`).
 */
export class EmulatorError extends Error {
  /**
   * 400 for input that does not validate, 404 for an account or flow that does not exist,
   * 409 for a change the flow's current state does not allow (publishing a PUBLISHED flow).
   */
  readonly status: 400 | 404 | 409;

  constructor(message: string, status: 400 | 404 | 409 = 400) {
    super(message);
    this.name = "EmulatorError";
    this.status = status;
  }
}

/** One thing wrong with an input: where (e.g. `accounts[0].sid`, empty for the root) and what. */
export interface InputProblem {
  readonly path: string;
  readonly problem: string;
}

/**
 * A seed (or a flow, or a fault rule) that does not validate. The message names where the
 * input came from and the entry at fault, one line per problem, e.g.
 * `seed.json: accounts[0].flows[2].categories[1]: must be a Kaleyra flow category (...), got "FOO"`.
 */
export class SeedError extends EmulatorError {
  /** Where the input came from: a file path, or `seed`, or a control API route. */
  readonly source: string;
  /** The (first) entry at fault, e.g. `accounts[0].flows[2].categories[1]`; empty for the root. */
  readonly path: string;
  /** What is wrong with it, without source and path. */
  readonly problem: string;
  /** Every problem found, the first being {@link path} and {@link problem}. */
  readonly problems: readonly InputProblem[];

  constructor(source: string, path: string, problem: string, more: readonly InputProblem[] = []) {
    const problems = [{ path, problem }, ...more];
    super(problems.map((p) => `${source}: ${p.path ? `${p.path}: ` : ""}${p.problem}`).join("\n"), 400);
    this.name = "SeedError";
    this.source = source;
    this.path = path;
    this.problem = problem;
    this.problems = problems;
  }
}
