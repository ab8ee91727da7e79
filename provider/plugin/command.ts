import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, type CommandLine } from "../cli/command-line";
import { EXIT } from "../cli/exit-status";
import type { CliIo } from "../cli/io";
import { indent, type PulumiRun, runPulumi } from "../cli/run-pulumi";
import { CLI_NAME } from "../cli/name";
import { messagePrefix, printUsageError, UsageError } from "../cli/usage-error";
import { NATIVE_PACKAGE } from "../native/tokens";
import { escapeControls, quote } from "../text/quote";
import { PACKAGE_DIR, PACKAGE_VERSION } from "../version";
import { findPulumi } from "./find-pulumi";
import { PLUGIN_INSTALL_FLAGS } from "./flags";
import { PLUGIN_INSTALL_HELP } from "./help";
import { launcherFor } from "./launcher";

/**
 * `pulumi-kaleyra-flows plugin install [--reinstall] [--pulumi PATH]`: puts the native provider
 * plugin into Pulumi's plugin cache with `pulumi plugin install resource kaleyra VERSION
 * --exact --file FOLDER`, FOLDER holding a launcher that runs this install of the package
 * (./launcher.ts says why a folder). Loaded by the CLI only when the command is `plugin`.
 * Exit statuses are the CLI's (../cli/exit-status.ts): 0 installed or already there, 1 pulumi
 * failed, 2 usage (no pulumi, the package not built).
 */

const PREFIX = messagePrefix("plugin install");

/** Test hooks; the CLI passes none. */
export interface PluginRunOptions {
  /** The folder `--pulumi` is relative to; default the process's. */
  readonly cwd?: string;
}

const COMMAND_LINE: CommandLine<typeof PLUGIN_INSTALL_FLAGS> = {
  flags: PLUGIN_INSTALL_FLAGS,
  command: "plugin install",
  positionals: { refused: "plugin install takes only options, e.g. plugin install --reinstall" },
};

/** The plugin entry of this install of the package. */
export const PLUGIN_ENTRY = join(PACKAGE_DIR, "dist", "provider", "native", "main.js");

/**
 * Runs `plugin` with `args` (the arguments after `plugin`: `install` and its flags) and
 * resolves its exit status. Never calls process.exit and never throws.
 *
 * @param env The environment pulumi runs in and PATH is read from (normally process.env).
 */
export async function runPlugin(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: PluginRunOptions = {},
): Promise<number> {
  try {
    const [subcommand, ...rest] = args;
    if (subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
      io.stdout(PLUGIN_INSTALL_HELP);
      return EXIT.ok;
    }
    if (subcommand === undefined) throw new UsageError("plugin needs a subcommand: plugin install.", "plugin install");
    if (subcommand !== "install") {
      throw new UsageError(
        `unknown plugin subcommand ${quote(subcommand, 40)}: plugin has one subcommand, install.`,
        "plugin install",
      );
    }
    return await install(rest, env, io, options.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return printUsageError(error, io);
    io.stderr(`${PREFIX}: internal error: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.failed;
  }
}

async function install(args: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, cwd: string): Promise<number> {
  const parsed = parseCommandLine(args, COMMAND_LINE);
  if (parsed.help) {
    io.stdout(PLUGIN_INSTALL_HELP);
    return EXIT.ok;
  }
  const reinstall = parsed.values.reinstall === true;
  const problems: string[] = [];
  if (!existsSync(PLUGIN_ENTRY)) {
    problems.push(
      `this install of pulumi-kaleyra-flows has no dist/provider/native/main.js (the plugin's entry): it is not ` +
        `built. In a checkout of the repository, run npm run build first; an install from npm has it.`,
    );
  }
  const given = parsed.values.pulumi;
  const pulumi = findPulumi(given, env, cwd);
  if (!pulumi.found) {
    const shown = escapeControls(given ?? "");
    problems.push(
      pulumi.why === "not-on-path"
        ? "no pulumi on PATH. Install the Pulumi CLI (https://www.pulumi.com/docs/install/), or give the one " +
            "to run with --pulumi PATH (the executable, or the folder that holds it)."
        : pulumi.why === "not-there"
          ? `--pulumi: ${shown} is neither a pulumi executable nor a folder that holds one.`
          : `--pulumi: ${shown} is not an executable file.`,
    );
  }
  if (problems.length > 0 || !pulumi.found) throw new UsageError(problems, "plugin install");

  const version = PACKAGE_VERSION;
  const plugin = `resource plugin ${NATIVE_PACKAGE} ${version}`;
  const run = (pulumiArgs: readonly string[], relay: boolean) => runPulumi(pulumi.path, pulumiArgs, env, io, { relay });

  if (!reinstall) {
    const listed = await listedVersions(run, io);
    if (listed === "failed") return EXIT.failed;
    if (listed.has(version)) {
      io.stdout(
        `The ${plugin} is already in Pulumi's plugin cache, so nothing was changed. It runs the install of ` +
          `the package that put it there, which may be another one, or this one before it moved: pass ` +
          `--reinstall to replace it with one that runs this install.\n`,
      );
      return EXIT.ok;
    }
  }

  const node = process.execPath;
  const launcher = launcherFor({ node, entry: PLUGIN_ENTRY, version }, process.platform);
  const folder = mkdtempSync(join(tmpdir(), `${CLI_NAME}-plugin-`));
  let code: number | string;
  try {
    writeFileSync(join(folder, launcher.fileName), launcher.text, { mode: launcher.mode });
    const installArgs = ["plugin", "install", "resource", NATIVE_PACKAGE, version, "--exact", "--file", folder];
    ({ code } = await run(reinstall ? [...installArgs, "--reinstall"] : installArgs, true));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  if (code !== 0) {
    io.stderr(
      `${PREFIX}: pulumi plugin install failed (${typeof code === "number" ? `exit status ${code}` : code}), ` +
        `so the ${plugin} was not installed; its output is above.\n`,
    );
    return EXIT.failed;
  }

  const after = await listedVersions(run, io);
  if (after === "failed") return EXIT.failed;
  if (!after.has(version)) {
    io.stderr(
      `${PREFIX}: pulumi plugin install succeeded, but pulumi plugin ls does not list the ${plugin}: check ` +
        `PULUMI_HOME (the plugin cache is its plugins folder).\n`,
    );
    return EXIT.failed;
  }
  io.stdout(
    `Installed the ${plugin} into Pulumi's plugin cache${reinstall ? " (replacing any there)" : ""}. It runs this ` +
      `install of pulumi-kaleyra-flows:\n  ${escapeControls(node)} ${escapeControls(PLUGIN_ENTRY)}\n` +
      `After upgrading, moving or removing the package, run "${CLI_NAME} plugin install --reinstall" again.\n`,
  );
  return EXIT.ok;
}

/** The versions of resource plugin kaleyra `pulumi plugin ls --json` lists, or "failed" (said why). */
async function listedVersions(
  run: (args: readonly string[], relay: boolean) => Promise<PulumiRun>,
  io: CliIo,
): Promise<Set<string> | "failed"> {
  const { code, stdout } = await run(["plugin", "ls", "--json"], false);
  let plugins: unknown;
  try {
    plugins = code === 0 ? JSON.parse(stdout) : undefined;
  } catch {
    plugins = undefined;
  }
  // An empty cache is listed as `null` by some versions of the CLI.
  if (plugins === null) plugins = [];
  if (!Array.isArray(plugins)) {
    const why = code !== 0 ? (typeof code === "number" ? `exit status ${code}` : code) : "its output is not a list";
    io.stderr(`${PREFIX}: pulumi plugin ls --json failed (${why}), so nothing was installed.\n`);
    if (code === 0) io.stderr(indent(stdout));
    return "failed";
  }
  const versions = new Set<string>();
  for (const entry of plugins) {
    if (typeof entry !== "object" || entry === null) continue;
    const { kind, name, version } = entry as Record<string, unknown>;
    if (kind === "resource" && name === NATIVE_PACKAGE && typeof version === "string") versions.add(version);
  }
  return versions;
}
