import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseCommandLine, type CommandLine } from "../cli/command-line";
import { EXIT } from "../cli/exit-status";
import type { CliIo } from "../cli/io";
import { CLI_NAME } from "../cli/name";
import { endingOf, indent, type PulumiRun, runPulumi } from "../cli/run-pulumi";
import { messagePrefix, printUsageError, UsageError } from "../cli/usage-error";
import { findPulumi } from "../plugin/find-pulumi";
import { readSettings, resolveAccount } from "../settings";
import { escapeControls } from "../text/quote";
import { MIGRATE_FLAGS } from "./flags";
import { MIGRATE_HELP } from "./help";
import {
  type ExportedDeployment,
  type ExportedResource,
  finishedDeployment,
  importFileOf,
  type Move,
  planMigration,
} from "./plan";

/**
 * `pulumi-kaleyra-flows migrate-to-native`: moves a stack's flows from the dynamic resources to
 * the native ones, sending nothing to Kaleyra (plan.ts decides; this runs pulumi). The imports
 * come first, and the dynamic records leave the stack only after every import succeeded (one
 * `pulumi stack import` of the finished state), so a failure leaves the stack as it was, or
 * with both records (which the next run reports), never with neither.
 */

const PREFIX = messagePrefix("migrate-to-native");

const COMMAND_LINE: CommandLine<typeof MIGRATE_FLAGS> = {
  flags: MIGRATE_FLAGS,
  command: "migrate-to-native",
  positionals: { refused: "migrate-to-native takes only options, e.g. migrate-to-native --stack prod" },
};

/** Runs the command with `args` (after `migrate-to-native`); resolves its exit status, never throws. */
export async function runMigrate(args: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  try {
    return await migrate(args, env, io);
  } catch (error) {
    if (error instanceof UsageError) return printUsageError(error, io);
    io.stderr(`${PREFIX}: internal error: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.failed;
  }
}

async function migrate(args: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const parsed = parseCommandLine(args, COMMAND_LINE);
  if (parsed.help) {
    io.stdout(MIGRATE_HELP);
    return EXIT.ok;
  }
  const cwd = resolve(parsed.values.cwd ?? ".");
  const pulumi = findPulumi(parsed.values.pulumi, env, process.cwd());
  if (!pulumi.found) {
    throw new UsageError(
      "no pulumi found: install the Pulumi CLI, or give the one to run with --pulumi PATH.",
      "migrate-to-native",
    );
  }
  const providers = providerMap(parsed.values.provider);
  const stackArgs = parsed.values.stack ? ["--stack", parsed.values.stack] : [];
  const run = (pulumiArgs: readonly string[], relay = true) =>
    runPulumi(pulumi.path, pulumiArgs, env, io, { relay, cwd });

  const exported = await run(["stack", "export", ...stackArgs], false);
  const config = await run(["config", "--json", ...stackArgs], false);
  if (exported.code !== 0 || config.code !== 0) {
    io.stderr(
      `${PREFIX}: could not read the stack (${endingOf(exported.code !== 0 ? exported : config)}); nothing was changed.\n`,
    );
    return EXIT.failed;
  }
  const resources = resourcesOf(exported.stdout);
  const defaultAccount = resolveAccount({}, readSettings({ config: stackConfigOf(config.stdout), env })).account;
  const plan = planMigration(resources, {
    defaultAccount: { sid: defaultAccount?.sid, apiDomain: defaultAccount?.apiDomain },
    providers,
  });
  if (plan.problems.length > 0) throw new UsageError(plan.problems, "migrate-to-native");
  if (plan.moves.length === 0) {
    io.stdout("The stack holds no dynamic FlowMetadata or Flow: nothing to migrate.\n");
    return EXIT.ok;
  }
  io.stdout(describe(plan.moves));
  const importFile = importFileOf(plan.moves);
  if (parsed.values["dry-run"] === true) {
    io.stdout(`Dry run: nothing was changed. The import file:\n${indent(importFile)}`);
    return EXIT.ok;
  }

  const folder = mkdtempSync(join(tmpdir(), `${CLI_NAME}-migrate-`));
  try {
    const file = join(folder, "import.json");
    writeFileSync(file, importFile);
    const importArgs = [
      "import",
      "--file",
      file,
      "--yes",
      "--skip-preview",
      "--protect=false",
      "--generate-code=false",
    ];
    const imported = await run([...importArgs, ...stackArgs]);
    if (imported.code !== 0) {
      io.stderr(
        `${PREFIX}: pulumi import failed (${endingOf(imported)}): the dynamic resources are still in the stack as they were.\n`,
      );
      return EXIT.failed;
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  // The import recorded what it read; the stack now takes the dynamic twins' inputs, and loses them.
  const afterImport = await run(["stack", "export", ...stackArgs], false);
  if (afterImport.code !== 0) return bothInStack(io, afterImport);
  const finished = finishedDeployment(JSON.parse(afterImport.stdout) as ExportedDeployment, plan.moves);
  const stateFolder = mkdtempSync(join(tmpdir(), `${CLI_NAME}-migrate-`));
  try {
    const file = join(stateFolder, "stack.json");
    writeFileSync(file, JSON.stringify(finished));
    const imported = await run(["stack", "import", "--file", file, ...stackArgs]);
    if (imported.code !== 0) return bothInStack(io, imported);
  } finally {
    rmSync(stateFolder, { recursive: true, force: true });
  }
  io.stdout(
    `Moved ${plan.moves.length} flow(s) to the native provider; nothing was sent to Kaleyra. Next: pulumi preview ` +
      `--expect-no-changes (the program must declare the native resources under the same names).\n`,
  );
  return EXIT.ok;
}

/** `--provider SID=NAME[,SID=NAME...]` as a map. */
function providerMap(value: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (value ?? "").split(",").filter(Boolean)) {
    const [sid, name, ...rest] = pair.split("=");
    if (!sid || !name || rest.length > 0) {
      throw new UsageError(
        "--provider takes SID=NAME pairs, comma-separated, e.g. --provider HXEU16XXXXXX42EU=eu.",
        "migrate-to-native",
      );
    }
    map[sid] = name;
  }
  return map;
}

/** The resources of `pulumi stack export`'s output; an empty stack has none. */
function resourcesOf(text: string): ExportedResource[] {
  const resources = (JSON.parse(text) as { deployment?: { resources?: unknown } }).deployment?.resources ?? [];
  if (!Array.isArray(resources)) throw new Error("pulumi stack export answered no resource list");
  return resources as ExportedResource[];
}

/** `pulumi config --json` as the settings' config source: plain values only (no secret is needed here). */
function stackConfigOf(text: string): { get(key: string): string | undefined } {
  const entries = JSON.parse(text) as Record<string, { value?: unknown; secret?: boolean }>;
  return {
    get: (key) => {
      const entry = Object.prototype.hasOwnProperty.call(entries, key) ? entries[key] : undefined;
      return entry && !entry.secret && typeof entry.value === "string" ? entry.value : undefined;
    },
  };
}

/** After a successful import, a failure to finish leaves each flow in the stack twice: say so, and what to do. */
function bothInStack(io: CliIo, failed: PulumiRun): number {
  io.stderr(
    `${PREFIX}: the flows were imported, but the stack could not be finished (${endingOf(failed)}): each is in it ` +
      "twice, native and dynamic. Run the command again once the cause is fixed (it reports the flows already " +
      "moved), or delete the dynamic ones with pulumi state delete. Nothing was sent to Kaleyra.\n",
  );
  return EXIT.failed;
}

function describe(moves: readonly Move[]): string {
  const lines = moves.map(
    (m) => `  ${escapeControls(m.name)}: flow ${m.id} -> ${m.nativeType}${m.provider ? " (explicit provider)" : ""}`,
  );
  return `Moving ${moves.length} flow(s), sending nothing to Kaleyra:\n${lines.join("\n")}\n`;
}
