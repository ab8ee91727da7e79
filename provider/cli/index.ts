#!/usr/bin/env node
/**
 * `pulumi-kaleyra-flows`: tools for flows files.
 *
 *   pulumi-kaleyra-flows validate [--json] [--flow-json] FILE [FILE...]
 *   pulumi-kaleyra-flows discover --waba WABA_ID [--out FILE] ...
 *   pulumi-kaleyra-flows plugin install [--reinstall] [--pulumi PATH]
 *   pulumi-kaleyra-flows migrate-to-native [--stack NAME] [--cwd DIR] [--provider SID=NAME] [--dry-run]
 *
 * `validate` needs no credentials, no network and no Pulumi, and must stay fast enough for a
 * pre-commit hook: this module imports only validate, the help and the CLI's shared pieces
 * (io, exit statuses, usage errors, the command-line reader), never the package index, which
 * loads `@pulumi/pulumi`. `discover` talks to Kaleyra through the HTTP client and `plugin install`
 * runs pulumi: their modules are required only when they are the command (see runCliAsync).
 */
import { EXIT } from "./exit-status";
import { HELP } from "./help";
import type { CliIo } from "./io";
import { printUsageError, UsageError } from "./usage-error";
import { runValidate } from "./validate";

export type { CliIo } from "./io";
export { EXIT } from "./exit-status";

/** The commands, as "the commands are" names them. */
const COMMANDS = ["validate", "discover", "plugin install", "migrate-to-native"] as const;

/**
 * Runs the CLI with `args` (without `node` and the script) and returns its exit code.
 * Never calls process.exit, so it can be tested in-process.
 */
export function runCli(args: readonly string[], io: CliIo): number {
  try {
    const [command, ...rest] = args;
    if (command === undefined) throw new UsageError("no command given.");
    if (command === "help" || command === "--help" || command === "-h") return help(io);
    if (command === "discover") {
      throw new UsageError("discover talks to Kaleyra, so it is asynchronous: run it through runCliAsync.");
    }
    if (command === "plugin" || command === "migrate-to-native") {
      const name = command === "plugin" ? "plugin install" : command;
      throw new UsageError(`${name} runs pulumi, so it is asynchronous: run it through runCliAsync.`);
    }
    if (command !== "validate") {
      const names = `${COMMANDS.slice(0, -1).join(", ")} and ${COMMANDS[COMMANDS.length - 1]}`;
      throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are ${names}.`);
    }
    const code = runValidate(rest, io);
    return code === "help" ? help(io) : code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return printUsageError(error, io);
  }
}

function help(io: CliIo): number {
  io.stdout(HELP);
  return EXIT.ok;
}

/**
 * Runs any command, `discover`, `plugin install` and `migrate-to-native` included, and resolves its exit code;
 * `validate` and help run as {@link runCli}. Never calls process.exit.
 *
 * @param env Where discover reads its settings and API key, and what pulumi runs with; default
 *   process.env.
 */
export async function runCliAsync(
  args: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (args[0] === "discover") {
    // Required here, not imported above: it loads the HTTP client, which validate
    // (a pre-commit hook) must never pay for.
    const { runDiscover } = require("../discover/command") as typeof import("../discover/command");
    return runDiscover(args.slice(1), env, io);
  }
  if (args[0] === "plugin") {
    // Required here too: it runs child processes, which validate has no use for.
    const { runPlugin } = require("../plugin/command") as typeof import("../plugin/command");
    return runPlugin(args.slice(1), env, io);
  }
  if (args[0] === "migrate-to-native") {
    const { runMigrate } = require("../migrate/command") as typeof import("../migrate/command");
    return runMigrate(args.slice(1), env, io);
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
