import { existsSync, mkdirSync, rmdirSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { EXIT } from "../cli/exit-status";
import type { CliIo } from "../cli/io";
import { CLI_NAME } from "../cli/name";
import { messagePrefix, printUsageError, UsageError } from "../cli/usage-error";
import { KaleyraClient } from "../client/kaleyra-client";
import { AuthenticationError } from "../errors/authentication-error";
import { ConfigurationError } from "../errors/configuration-error";
import { KaleyraError } from "../errors/kaleyra-error";
import { Redactor } from "../redaction/redactor";
import { ApiKeys, type EnvSource } from "../settings";
import { plural } from "../text/plural";
import { escapeControls } from "../text/quote";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version";
import { discoverFlows } from "./discover";
import { DISCOVER_HELP } from "./help";
import { parseDiscoverArgs, resolveDiscoverSettings, type DiscoverSettings } from "./options";
import { readFlowJsons } from "./flow-json-download";
import { OutputError, writeFilesAtomically, type FileToWrite } from "./output";
import { planFlows, type FlowsPlan } from "./plan";
import { renderImportFile } from "./import-file";
import { leftOutLines, renderFlowsFile } from "./render";
import { verifyRendered } from "./verify";
import { cannotBeWhole, planWholeFlows } from "./whole-flows";

/**
 * `pulumi-kaleyra-flows discover`: flags and settings in, a flows file out. Loaded by the
 * CLI only when the command is `discover` (it loads the HTTP client, which `validate` must
 * not), and free of `@pulumi/pulumi`: it runs anywhere the package is installed. Exit
 * statuses are the CLI's (../cli/exit-status.ts): 0 written or printed, 1 Kaleyra, the network
 * or the output failed, 2 usage.
 */

const PREFIX = messagePrefix("discover");

/** Test hooks; the CLI passes none. */
export interface DiscoverRunOptions {
  /** The folder `--out` is relative to; default the process's. */
  readonly cwd?: string;
  /** The page cap; default MAX_PAGES of ./discover.ts. */
  readonly maxPages?: number;
}

/**
 * Runs `discover` with `args` (the arguments after `discover`) and resolves its exit status.
 * Never calls process.exit and never throws, so it can be driven in-process. Standard output
 * gets the flows file (without --out) and nothing else; standard error gets progress and
 * problems. Nothing is written anywhere unless every page was read and the file checks out.
 *
 * @param env The environment to read settings and the API key from (normally process.env).
 */
export async function runDiscover(
  args: readonly string[],
  env: EnvSource,
  io: CliIo,
  options: DiscoverRunOptions = {},
): Promise<number> {
  try {
    const flags = parseDiscoverArgs(args);
    if (flags.help) {
      io.stdout(DISCOVER_HELP);
      return EXIT.ok;
    }
    const settings = resolveDiscoverSettings(flags, env, options.cwd ?? process.cwd(), (line) =>
      io.stderr(`${line}\n`),
    );
    return await discoverAndWrite(settings, io, options);
  } catch (error) {
    return report(error, env, io);
  }
}

async function discoverAndWrite(settings: DiscoverSettings, io: CliIo, options: DiscoverRunOptions): Promise<number> {
  const client = new KaleyraClient(settings.client);
  const origin = settings.client.apiDomain;
  io.stderr(
    `Listing the flows of WhatsApp Business Account ${settings.wabaId} in Kaleyra account ${settings.sid} at ` +
      `${origin}...\n`,
  );
  const found = await discoverFlows(client, {
    wabaId: settings.wabaId,
    pageSize: settings.pageSize,
    maxPages: options.maxPages,
    sid: settings.sid,
    origin,
    onPage: ({ pages, flows }) => io.stderr(`  page ${pages}: ${plural(flows, "flow")} so far\n`),
  });

  const listed = planFlows(found.flows);
  if (listed.flows.length === 0) {
    const why = found.flows.length === 0 ? "it has no flows" : "none of its flows can be managed as Kaleyra holds them";
    io.stderr(
      `${PREFIX}: WhatsApp Business Account ${settings.wabaId} in account ${settings.sid} has nothing to manage: ` +
        `${why}. A flows file needs at least one flow, so nothing was written.\n`,
    );
    if (listed.leftOut.length > 0)
      io.stderr(
        leftOutLines(listed.leftOut)
          .map((line) => `  ${escapeControls(line)}\n`)
          .join(""),
      );
    return EXIT.failed;
  }
  const cwd = options.cwd ?? process.cwd();
  const plan = settings.withJson ? await withFlowJson(listed, client, settings, cwd, io) : listed;

  const fileName = settings.out?.given;
  const context = {
    wabaId: settings.wabaId,
    sid: settings.sid,
    region: settings.region,
    apiDomainSource: settings.apiDomainSource,
    // The header's hints name the file as given; an absolute path would tie a committed
    // file to one machine (and show a home folder), so it is cut to its name.
    fileName: fileName !== undefined && isAbsolute(fileName) ? basename(fileName) : fileName,
    generator: `${PACKAGE_NAME} ${PACKAGE_VERSION}`,
  };
  const text = renderFlowsFile(plan, context);
  const wrong = verifyRendered(text, plan, context);
  if (wrong.length > 0) {
    // A bug here, not a problem with the account: say so rather than write a file that
    // fails validation or would change flows.
    io.stderr(
      `${PREFIX}: internal error: the flows file came out wrong, so nothing was written. Please report ` +
        `this:\n${wrong.map((line) => `  ${escapeControls(line)}\n`).join("")}`,
    );
    return EXIT.failed;
  }

  // The JSON files first, then the import file, and the flows file last, all or none: the
  // flows file never names a file that is not there.
  const flowsFile = settings.out && { path: settings.out.path, text, shown: escapeControls(settings.out.given) };
  const importFile = settings.importFile && {
    path: settings.importFile.path,
    text: renderImportFile(plan),
    shown: escapeControls(settings.importFile.given),
  };
  writeAll(jsonFiles(plan, settings), [importFile, flowsFile], settings);
  if (settings.flowsToStdout) io.stdout(text);
  io.stderr(
    settings.out || settings.flowsToStdout
      ? summary(plan, found.pages, fileName, settings.withJson?.given)
      : importOnlySummary(plan, found.pages, settings.importFile!.given, settings.withJson?.given),
  );
  if (settings.importFile) io.stderr(importNext(settings.importFile.given));
  return EXIT.ok;
}

/**
 * `--with-json`: reads the Flow JSON of every flow that can be a whole Flow, then plans which
 * are. Everything is read before anything is written.
 */
async function withFlowJson(
  plan: FlowsPlan,
  client: KaleyraClient,
  settings: DiscoverSettings,
  cwd: string,
  io: CliIo,
): Promise<FlowsPlan> {
  const ids = plan.flows.filter((flow) => cannotBeWhole(flow) === undefined).map((flow) => flow.flowId);
  io.stderr(`Reading the Flow JSON of ${plural(ids.length, "flow")} (Get Flow Assets, then its download link)...\n`);
  const jsons = await readFlowJsons(client, ids, ({ done, total }) => io.stderr(`  Flow JSON ${done} of ${total}\n`));
  // Without --out the file goes to standard output: its paths are then relative to the working folder.
  const flowsFolder = settings.out ? dirname(settings.out.path) : cwd;
  return planWholeFlows(plan, jsons, relative(flowsFolder, settings.withJson!.path).split(sep).join("/"));
}

/** The Flow JSON files to write, in the JSON folder, named as the flows file names them. */
function jsonFiles(plan: FlowsPlan, settings: DiscoverSettings): FileToWrite[] {
  if (!settings.withJson) return [];
  const folder = settings.withJson;
  return plan.flows.flatMap((flow) =>
    flow.whole
      ? [
          {
            path: join(folder.path, flow.whole.fileName),
            text: flow.whole.text,
            shown: escapeControls(join(folder.given, flow.whole.fileName).split(sep).join("/")),
          },
        ]
      : [],
  );
}

/**
 * Writes the JSON files and then the import file and the flows file (those asked for) as one
 * (./output.ts), making the JSON folder first when needed. Without --force, JSON files that
 * exist are refused before anything is written, all of them named (the flows file and the
 * import file were checked before anything was sent, and their writes check again).
 */
function writeAll(
  json: readonly FileToWrite[],
  last: ReadonlyArray<FileToWrite | undefined>,
  settings: DiscoverSettings,
): void {
  const files = [...json, ...last.filter((file) => file !== undefined)];
  // --import-file may name one of the JSON files (their names are known only now).
  const twice = files.find((file, index) => files.findIndex((other) => other.path === file.path) !== index);
  if (twice) {
    throw new OutputError(
      `${twice.shown} would be written twice (--import-file names a Flow JSON file of --with-json); nothing was ` +
        "written.",
      "exists",
      "Choose another --import-file.",
    );
  }
  if (!settings.force) {
    const taken = json.filter((file) => existsSync(file.path)).map((file) => file.shown);
    if (taken.length > 0) {
      const shown =
        taken.length > 5 ? `${taken.slice(0, 5).join(", ")} and ${taken.length - 5} more` : taken.join(", ");
      throw new OutputError(
        `${shown} already ${taken.length === 1 ? "exists" : "exist"}: discover never replaces a file unless asked ` +
          "(it may have been edited by hand); nothing was written.",
        "exists",
        "Pass --force to replace them, or choose another --out or --with-json.",
      );
    }
  }
  const folder = settings.withJson?.path;
  let made: string | undefined;
  if (folder && json.length > 0) {
    try {
      made = mkdirSync(folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new OutputError(
        `cannot make the folder ${escapeControls(settings.withJson!.given)} (${code}).`,
        "io",
        "Nothing was written: check the folder's permissions, or choose another --with-json.",
      );
    }
  }
  try {
    writeFilesAtomically(files, { replace: settings.force });
  } catch (error) {
    if (made) removeEmptyFolders(folder!, made);
    throw error;
  }
}

/** Removes the folders this run made, deepest first, as long as they are empty (nothing else wrote there). */
function removeEmptyFolders(deepest: string, first: string): void {
  for (let folder = deepest; ; folder = dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return;
    }
    if (folder === first) return;
  }
}

function summary(plan: FlowsPlan, pages: number, fileName: string | undefined, jsonFolder?: string): string {
  const count = plural(plan.flows.length, "flow");
  const where = fileName === undefined ? "to standard output" : `to ${escapeControls(fileName)}`;
  const leftOut =
    plan.leftOut.length > 0 ? `; ${plan.leftOut.length} left out, named in the comments at the end of the file` : "";
  const unmanaged = plan.flows.reduce((sum, flow) => sum + flow.unmanaged.length, 0);
  const fields = unmanaged > 0 ? `; ${plural(unmanaged, "field")} left unmanaged, each with a comment saying why` : "";
  const whole = plan.flows.filter((flow) => flow.whole).length;
  const json =
    jsonFolder === undefined
      ? ""
      : `; ${whole} as whole Flows, their Flow JSON in ${escapeControls(jsonFolder)}` +
        (whole < plan.flows.length
          ? `, ${plan.flows.length - whole} metadata only, each with a comment saying why`
          : "");
  const next = fileName === undefined ? "" : `Next: npx pulumi-kaleyra-flows validate ${escapeControls(fileName)}\n`;
  return `Wrote ${count} ${where} (${plural(pages, "page")} read${leftOut}${fields}${json}).\n${next}`;
}

/**
 * The summary when only the import file was written: no flows file carries the comments, so
 * the flows left out, and with --with-json why a flow stays a FlowMetadata, are listed here.
 */
function importOnlySummary(plan: FlowsPlan, pages: number, importFile: string, jsonFolder?: string): string {
  const whole = plan.flows.filter((flow) => flow.whole).length;
  const json =
    jsonFolder === undefined
      ? ""
      : `; ${whole} typed Flow, their Flow JSON in ${escapeControls(jsonFolder)}, ` +
        `${plan.flows.length - whole} FlowMetadata, listed below`;
  const leftOut = plan.leftOut.length > 0 ? `; ${plan.leftOut.length} left out, listed below` : "";
  const lines = [
    `Wrote ${plural(plan.flows.length, "flow")} to ${importFile}, and no flows file (${plural(pages, "page")} read` +
      `${json}${leftOut}).`,
  ];
  for (const flow of plan.flows) {
    if (flow.metadataOnly)
      lines.push(`  ${flow.resourceName} (flow ${flow.flowId}) is a FlowMetadata: ${flow.metadataOnly}`);
  }
  if (plan.leftOut.length > 0) lines.push(...leftOutLines(plan.leftOut).map((line) => `  ${line}`));
  return lines.map((line) => `${escapeControls(line)}\n`).join("");
}

/** What to run with the import file. */
function importNext(given: string): string {
  const file = escapeControls(given);
  return (
    `Import file: ${file}, for programs on the native provider (Python, Go, YAML...). Next: ` +
    `npx ${CLI_NAME} plugin install (once per machine), then pulumi import --file ${file}\n`
  );
}

/** Prints a failure and picks its exit status. Nothing printed holds an API key. */
function report(error: unknown, env: EnvSource, io: CliIo): number {
  if (error instanceof UsageError) return printUsageError(error, io);
  if (error instanceof ConfigurationError) {
    io.stderr(`${PREFIX}: ${escapeControls(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof OutputError) {
    io.stderr(`${PREFIX}: ${escapeControls(error.message)}\n`);
    return error.kind === "exists" ? EXIT.usage : EXIT.failed;
  }
  if (error instanceof KaleyraError) {
    // The client's errors name the WABA, account, HTTP status, Kaleyra's code and what to
    // do; their text from Kaleyra is already redacted and quoted.
    // The client's hint speaks of stack config too; discover reads the environment only.
    const where =
      error instanceof AuthenticationError
        ? " discover reads the key from KALEYRA_API_KEY_<SID>, else KALEYRA_API_KEY, and the SID from --sid or " +
          "KALEYRA_SID."
        : "";
    io.stderr(`${PREFIX}: ${escapeControls(error.message)}\nNothing was written.${where}\n`);
    return EXIT.failed;
  }
  // A bug: show what it said, but never trust it not to hold a key.
  const redactor = new Redactor(new ApiKeys({ env }).all);
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${PREFIX}: internal error: ${escapeControls(redactor.text(message))}\nNothing was written.\n`);
  return EXIT.failed;
}
