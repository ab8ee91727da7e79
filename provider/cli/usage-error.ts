import { KaleyraError } from "../errors/kaleyra-error";
import { escapeControls } from "../text/quote";
import { EXIT } from "./exit-status";
import type { CliIo } from "./io";
import { CLI_NAME } from "./name";

/** The commands whose usage errors point at their own help; the others point at the general help. */
export type CommandWithHelp = "discover" | "plugin install" | "migrate-to-native";

/**
 * A mistake on the command line or in the environment: exit status 2, nothing was done. Every
 * command throws this one; none of its problems repeats a value (it may be a key).
 */
export class UsageError extends KaleyraError {
  /** Every problem found, one line each. */
  readonly problems: readonly string[];
  /** The command whose help the hint points at; the general help when absent. */
  readonly command?: CommandWithHelp;

  constructor(problems: string | readonly string[], command?: CommandWithHelp) {
    const list = typeof problems === "string" ? [problems] : [...problems];
    // The hint says where to read the usage, e.g. `Run "pulumi-kaleyra-flows discover --help" for usage.`
    super(list.join("\n"), { hint: `Run "${CLI_NAME}${command ? ` ${command}` : ""} --help" for usage.` });
    this.problems = list;
    this.command = command;
  }
}

/** What a command's messages start with: `pulumi-kaleyra-flows discover`, or the bare name. */
export function messagePrefix(command?: CommandWithHelp): string {
  return command ? `${CLI_NAME} ${command}` : CLI_NAME;
}

/** Prints each problem on its own line, then the hint, on stderr, and returns the usage exit status. */
export function printUsageError(error: UsageError, io: CliIo): number {
  const prefix = messagePrefix(error.command);
  io.stderr(error.problems.map((problem) => `${prefix}: ${escapeControls(problem)}\n`).join("") + `${error.hint}\n`);
  return EXIT.usage;
}
