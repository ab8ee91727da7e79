import { basename, isAbsolute } from "node:path";
import { EXIT } from "../cli/exit-status";
import type { CliIo } from "../cli/io";
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
import { OutputError, writeFileAtomically } from "./output";
import { planFlows, type FlowsPlan } from "./plan";
import { leftOutLines, renderFlowsFile } from "./render";
import { verifyRendered } from "./verify";

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
    // `--out -` is standard output, as in most tools.
    const wanted = flags.out === "-" ? { ...flags, out: undefined } : flags;
    const settings = resolveDiscoverSettings(wanted, env, options.cwd ?? process.cwd(), (line) =>
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

  const plan = planFlows(found.flows);
  if (plan.flows.length === 0) {
    const why = found.flows.length === 0 ? "it has no flows" : "none of its flows can be managed as Kaleyra holds them";
    io.stderr(
      `${PREFIX}: WhatsApp Business Account ${settings.wabaId} in account ${settings.sid} has nothing to manage: ` +
        `${why}. A flows file needs at least one flow, so nothing was written.\n`,
    );
    if (plan.leftOut.length > 0)
      io.stderr(
        leftOutLines(plan.leftOut)
          .map((line) => `  ${escapeControls(line)}\n`)
          .join(""),
      );
    return EXIT.failed;
  }

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

  if (settings.out) {
    writeFileAtomically(settings.out.path, text, {
      replace: settings.force,
      shown: escapeControls(settings.out.given),
    });
  } else {
    io.stdout(text);
  }
  io.stderr(summary(plan, found.pages, fileName));
  return EXIT.ok;
}

function summary(plan: FlowsPlan, pages: number, fileName: string | undefined): string {
  const count = plural(plan.flows.length, "flow");
  const where = fileName === undefined ? "to standard output" : `to ${escapeControls(fileName)}`;
  const leftOut =
    plan.leftOut.length > 0 ? `; ${plan.leftOut.length} left out, named in the comments at the end of the file` : "";
  const unmanaged = plan.flows.reduce((sum, flow) => sum + flow.unmanaged.length, 0);
  const fields = unmanaged > 0 ? `; ${plural(unmanaged, "field")} left unmanaged, each with a comment saying why` : "";
  const next = fileName === undefined ? "" : `Next: npx pulumi-kaleyra-flows validate ${escapeControls(fileName)}\n`;
  return `Wrote ${count} ${where} (${plural(pages, "page")} read${leftOut}${fields}).\n${next}`;
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
