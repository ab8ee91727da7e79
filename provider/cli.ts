#!/usr/bin/env node
/**
 * `pulumi-kaleyra-flows`: tools for flows files.
 *
 *   pulumi-kaleyra-flows validate [--json] FILE [FILE...]
 *   pulumi-kaleyra-flows discover --waba WABA_ID [--out FILE] ...
 *
 * `validate` needs no credentials, no network and no Pulumi. It must stay fast enough for a
 * pre-commit hook, so this module imports only the gitops checker (which pulls in
 * the rules and `yaml`) and discover's help text, never the package index, which loads
 * `@pulumi/pulumi` and axios. `discover` talks to Kaleyra through the HTTP client (axios):
 * its module is required only when it is the command (see runCliAsync).
 */
import { readFileSync } from "node:fs";
import { DISCOVER_HELP, DISCOVER_USAGE } from "./discover/help";
import { parseFlowsText } from "./gitops/flows-file";
import { formatProblem, plural, type FlowsFileProblem } from "./gitops/problems";
import { escapeControls } from "./text/quote";

/** Exit codes: 0 every file is good, 1 a file has problems, 2 the command line is wrong. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

const HELP = `Usage: pulumi-kaleyra-flows validate [--json] FILE [FILE...]
       ${DISCOVER_USAGE}

validate: checks flows files (YAML, or JSON for *.json) offline: no credentials, no Pulumi.
Prints every problem as "file:line:col path: message" on stderr.

Options:
  --json      print the result as JSON on stdout instead
  -h, --help  show this help

Exit status: 0 all files are good, 1 a file has problems, 2 usage error or unreadable file.

discover: ${DISCOVER_HELP.replace(/^Usage: .*\n\n/, "")}`;

/** Where the CLI writes; the process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** One file's result in `--json` output. */
interface FileReport {
  readonly file: string;
  readonly flows: number;
  readonly problems: FlowsFileProblem[];
}

class UsageError extends Error {}

/**
 * Runs the CLI with `args` (without `node` and the script) and returns its exit code.
 * Never calls process.exit, so it can be tested in-process.
 */
export function runCli(args: readonly string[], io: CliIo): number {
  try {
    const { command, json, files } = parseArgs(args);
    if (command === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const reports = files.map(validateOne);
    if (json) {
      const problems = reports.flatMap((r) => r.problems);
      io.stdout(`${JSON.stringify({ ok: problems.length === 0, files: reports, problems }, null, 2)}\n`);
      return problems.length === 0 ? EXIT.ok : EXIT.problems;
    }
    return printText(reports, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`pulumi-kaleyra-flows: ${error.message}\nRun "pulumi-kaleyra-flows --help" for usage.\n`);
    return EXIT.usage;
  }
}

function parseArgs(args: readonly string[]): { command: "help" | "validate"; json: boolean; files: string[] } {
  if (args.length === 0) throw new UsageError("no command given.");
  if (args.includes("-h") || args.includes("--help") || args[0] === "help") return { command: "help", json: false, files: [] };
  const [command, ...rest] = args;
  if (command === "discover") throw new UsageError("discover talks to Kaleyra, so it is asynchronous: run it through runCliAsync.");
  if (command !== "validate") throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are validate and discover.`);
  let json = false;
  const files: string[] = [];
  let optionsDone = false;
  for (const arg of rest) {
    if (!optionsDone && arg === "--") optionsDone = true;
    else if (!optionsDone && arg === "--json") json = true;
    else if (!optionsDone && arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}.`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError("validate needs at least one flows file, e.g. validate flows.yaml.");
  return { command: "validate", json, files };
}

function validateOne(file: string): FileReport {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    // A file that is not there is a mistake in the command (or the hook's config), not in
    // a flows file: report it as a usage error so CI does not read it as a bad file.
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${escapeControls(file)}: ${code === "ENOENT" ? "no such file" : escapeControls((error as Error).message)}.`);
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
  return EXIT.problems;
}

/**
 * Runs any command, `discover` included, and resolves its exit code; `validate` and help run
 * as {@link runCli}. Never calls process.exit.
 *
 * @param env Where discover reads its settings and API key; default process.env.
 */
export async function runCliAsync(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args[0] === "discover") {
    // Required here, not imported above: it loads the HTTP client (axios), which validate
    // (a pre-commit hook) must never pay for.
    const { runDiscover } = require("./discover/command") as typeof import("./discover/command");
    return runDiscover(args.slice(1), env, io);
  }
  return runCli(args, io);
}

if (require.main === module) {
  runCliAsync(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = 1;
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    },
  );
}
