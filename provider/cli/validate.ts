import { readFileSync } from "node:fs";
import { checkFlowJsonText } from "../gitops/flow-json-reference";
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
 * `pulumi-kaleyra-flows validate [--json] [--flow-json] FILE...`: checks flows files offline,
 * and the Flow JSON files they name; with `--flow-json`, Flow JSON files on their own (for
 * editors and pre-commit hooks). It needs no credentials, no network and no Pulumi, and must
 * stay fast enough for a pre-commit hook, so it imports only the gitops checker (which pulls
 * in the rules, `yaml` and the Flow JSON checks; those load their JSON Schema validator only
 * when there is a Flow JSON to check).
 */

/** validate's flags, in the order its help and messages list them. */
export const VALIDATE_FLAGS = {
  json: { type: "boolean", help: "print the result as JSON on stdout instead" },
  "flow-json": {
    type: "boolean",
    help:
      "each FILE is a Flow JSON file, checked on its own (its flow's endpoint is not known here: the flows file " +
      "that names it checks that too)",
  },
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, DocumentedFlag>;

const COMMAND_LINE: CommandLine<typeof VALIDATE_FLAGS> = { flags: VALIDATE_FLAGS, positionals: "allowed" };

/** One file's result in `--json` output. */
interface FileReport {
  readonly file: string;
  /** Flows declared (both kinds), for a flows file. */
  readonly flows?: number;
  /** The Flow JSON files its valid entries name, as problems name them, for a flows file that names any. */
  readonly flowJsonFiles?: string[];
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
  const flowJson = parsed.values["flow-json"] === true;
  if (files.length === 0) {
    throw new UsageError(
      flowJson
        ? "validate --flow-json needs at least one Flow JSON file, e.g. validate --flow-json flows/sign-up.json."
        : "validate needs at least one flows file, e.g. validate flows.yaml.",
    );
  }
  const reports = files.map(flowJson ? validateFlowJsonFile : validateFlowsFile);
  if (parsed.values.json) {
    const problems = reports.flatMap((r) => r.problems);
    io.stdout(`${JSON.stringify({ ok: problems.length === 0, files: reports, problems }, null, 2)}\n`);
    return problems.length === 0 ? EXIT.ok : EXIT.failed;
  }
  return printText(reports, io);
}

/** The file's text, `-` being standard input. */
function read(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    // A file that is not there is a mistake in the command (or the hook's config), not in
    // a flows file: report it as a usage error so CI does not read it as a bad file.
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : escapeControls((error as Error).message);
    throw new UsageError(`cannot read ${escapeControls(file)}: ${why}.`);
  }
}

function validateFlowsFile(file: string): FileReport {
  // Flow JSON paths are relative to the flows file's folder; on stdin, to the working folder.
  const { entries, problems } = parseFlowsText(read(file), file === "-" ? "<stdin>" : file);
  const flowJsonFiles = [
    ...new Set(entries.flatMap((entry) => (entry.kind === "Flow" ? [entry.args.flowJsonFile] : []))),
  ];
  // Left out when there are none, so a file of FlowMetadata entries reports as it always did.
  return { file, flows: entries.length, ...(flowJsonFiles.length > 0 ? { flowJsonFiles } : {}), problems };
}

function validateFlowJsonFile(file: string): FileReport {
  return { file, problems: checkFlowJsonText(read(file), file === "-" ? "<stdin>" : file) };
}

/** `3 flows OK`, `3 flows OK (1 Flow JSON file)` or, for a Flow JSON file, `Flow JSON OK`. */
function okLine(report: FileReport): string {
  if (report.flows === undefined) return "Flow JSON OK";
  const json = report.flowJsonFiles?.length ?? 0;
  return `${plural(report.flows, "flow")} OK${json > 0 ? ` (${plural(json, "Flow JSON file")})` : ""}`;
}

function printText(reports: readonly FileReport[], io: CliIo): number {
  let total = 0;
  for (const report of reports) {
    if (report.problems.length === 0) {
      io.stdout(`${escapeControls(report.file)}: ${okLine(report)}\n`);
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
