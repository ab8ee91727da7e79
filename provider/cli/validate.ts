import { readFileSync } from "node:fs";
import { parseFlowsText } from "../gitops/flows-file";
import { formatProblem, type FlowsFileProblem } from "../gitops/problems";
import { plural } from "../text/plural";
import { escapeControls } from "../text/quote";
import { parseCommandLine, type CommandLine } from "./command-line";
import { EXIT } from "./exit-status";
import type { DocumentedFlag } from "./help-layout";
import type { CliIo } from "./io";
import { UsageError } from "./usage-error";

/**
 * `pulumi-kaleyra-flows validate [--json] FILE...`: checks flows files offline. It needs no
 * credentials, no network and no Pulumi, and must stay fast enough for a pre-commit hook, so
 * it imports only the gitops checker (which pulls in the rules and `yaml`).
 */

/** validate's flags, in the order its help and messages list them. */
export const VALIDATE_FLAGS = {
  json: { type: "boolean", help: "print the result as JSON on stdout instead" },
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, DocumentedFlag>;

const COMMAND_LINE: CommandLine<typeof VALIDATE_FLAGS> = { flags: VALIDATE_FLAGS, positionals: "allowed" };

/** One file's result in `--json` output. */
interface FileReport {
  readonly file: string;
  readonly flows: number;
  readonly problems: FlowsFileProblem[];
}

/**
 * Runs validate with `args` (the arguments after `validate`) and returns its exit status, or
 * "help" when help was asked for (the general help covers validate).
 *
 * @throws UsageError for a wrong command line or a file that cannot be read.
 */
export function runValidate(args: readonly string[], io: CliIo): number | "help" {
  const parsed = parseCommandLine(args, COMMAND_LINE);
  if (parsed.help) return "help";
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError("validate needs at least one flows file, e.g. validate flows.yaml.");
  const reports = files.map(validateOne);
  if (parsed.values.json) {
    const problems = reports.flatMap((r) => r.problems);
    io.stdout(`${JSON.stringify({ ok: problems.length === 0, files: reports, problems }, null, 2)}\n`);
    return problems.length === 0 ? EXIT.ok : EXIT.failed;
  }
  return printText(reports, io);
}

function validateOne(file: string): FileReport {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    // A file that is not there is a mistake in the command (or the hook's config), not in
    // a flows file: report it as a usage error so CI does not read it as a bad file.
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : escapeControls((error as Error).message);
    throw new UsageError(`cannot read ${escapeControls(file)}: ${why}.`);
  }
  const { flows, problems } = parseFlowsText(text, file === "-" ? "<stdin>" : file);
  return { file, flows: flows.length, problems };
}

function printText(reports: readonly FileReport[], io: CliIo): number {
  let total = 0;
  for (const report of reports) {
    if (report.problems.length === 0) {
      io.stdout(`${escapeControls(report.file)}: ${plural(report.flows, "flow")} OK\n`);
      continue;
    }
    total += report.problems.length;
    io.stderr(report.problems.map((p) => `${formatProblem(p)}\n`).join(""));
    io.stderr(`${escapeControls(report.file)}: ${plural(report.problems.length, "problem")}\n`);
  }
  if (total === 0) return EXIT.ok;
  const bad = reports.filter((r) => r.problems.length > 0).length;
  if (reports.length > 1) io.stderr(`${plural(total, "problem")} in ${bad} of ${plural(reports.length, "file")}\n`);
  return EXIT.failed;
}
