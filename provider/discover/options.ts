import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ClientSettings } from "../client/kaleyra-client";
import { parseCommandLine, showFlag, type CommandLine } from "../cli/command-line";
import { UsageError } from "../cli/usage-error";
import type { Region } from "../rules/account";
import { checkWholeNumber } from "../rules/settings-values";
import { clientSettingsFor, readSettings, resolveAccount, type EnvSource } from "../settings";
import { escapeControls } from "../text/quote";
import { DISCOVER_FLAGS, MAX_PAGE_SIZE } from "./flags";

/**
 * The discover command's flags and the settings they select, checked. Settings follow the
 * provider's rules (provider/rules, provider/settings): a flag beats its environment
 * variable, `--api-domain` beats `--region` wherever each came from, every message names the
 * flag or variable at fault and none repeats a value (a key pasted into the wrong place must
 * not end up in a terminal log). The API key is read from the environment only.
 */

/** The flags as given, not yet checked. */
export interface DiscoverFlags {
  readonly help: boolean;
  readonly waba?: string;
  readonly out?: string;
  readonly force: boolean;
  readonly withJson?: string;
  readonly importFile?: string;
  readonly sid?: string;
  readonly region?: string;
  readonly apiDomain?: string;
  readonly pageSize?: string;
}

/** discover's command line: its flags, and no other argument. */
const COMMAND_LINE: CommandLine<typeof DISCOVER_FLAGS> = {
  flags: DISCOVER_FLAGS,
  command: "discover",
  positionals: { refused: "discover takes only options, e.g. discover --waba 1029384756102938 --out flows.yaml" },
};

/**
 * What a flag that would carry a credential looks like (`--api-key`, `--apikey`, `--key`,
 * `--kaleyra-api-key`, `--token`, `--secret`, `--password`), once dashes and underscores are
 * dropped. Refused before anything else is looked at, and never shown with its value.
 */
const SECRET_FLAG = /key|token|secret|passw/;

/** The environment variables the API key is read from, most specific first. */
export function apiKeyVariables(sid: string): [string, string] {
  return [`KALEYRA_API_KEY_${sid}`, "KALEYRA_API_KEY"];
}

/**
 * Parses the arguments after `discover`. Structural mistakes (an unknown flag, a flag given
 * twice, a missing value, a stray argument) throw at once; values are checked by
 * {@link resolveDiscoverSettings}. No message shows a value or a stray argument: either may
 * be a key typed in the wrong place.
 *
 * @throws UsageError
 */
export function parseDiscoverArgs(args: readonly string[]): DiscoverFlags {
  // A credential on the command line is refused first, whatever else is wrong, so the
  // message that comes back is the one that matters.
  for (const arg of args) {
    if (!arg.startsWith("-")) continue;
    const name = arg.includes("=") ? arg.slice(0, arg.indexOf("=")) : arg;
    if (SECRET_FLAG.test(name.replace(/^-+/, "").replace(/[-_]/g, "").toLowerCase())) {
      throw new UsageError(
        `${showFlag(name)} is refused: the API key is never taken from a flag, since flags end up in shell history ` +
          "and process lists. Set KALEYRA_API_KEY_<SID> (or KALEYRA_API_KEY) in the environment instead, " +
          "e.g. from your CI's secret store.",
        "discover",
      );
    }
  }
  const parsed = parseCommandLine(args, COMMAND_LINE);
  if (parsed.help) return { help: true, force: false };
  const { values } = parsed;
  return {
    help: false,
    force: values.force === true,
    waba: values.waba,
    out: values.out,
    withJson: values["with-json"],
    importFile: values["import-file"],
    sid: values.sid,
    region: values.region,
    apiDomain: values["api-domain"],
    pageSize: values["page-size"],
  };
}

/** Everything the command needs, checked. */
export interface DiscoverSettings {
  readonly wabaId: string;
  /** The output file as given, and resolved; absent for standard output, or for no flows file (see flowsToStdout). */
  readonly out?: { readonly given: string; readonly path: string };
  /**
   * Whether the flows file goes to standard output: with `--out -`, or with neither `--out`
   * nor `--import-file` (with `--import-file` alone, only the import file is written).
   */
  readonly flowsToStdout: boolean;
  /** The `pulumi import --file` file (`--import-file`), as given and resolved; absent without the flag. */
  readonly importFile?: { readonly given: string; readonly path: string };
  /** The folder Flow JSON files go to (`--with-json`), as given and resolved; absent without the flag. */
  readonly withJson?: { readonly given: string; readonly path: string };
  readonly force: boolean;
  readonly pageSize?: number;
  /** The SID, region (when given by flag or KALEYRA_REGION) and where the API domain came from. */
  readonly sid: string;
  readonly region?: Region;
  readonly apiDomainSource?: string;
  /** The client's settings: origin, key, other keys to mask, tunables. */
  readonly client: ClientSettings;
}

/**
 * Checks the flags and reads the rest from `env`: KALEYRA_SID, KALEYRA_REGION,
 * KALEYRA_API_DOMAIN, the key (KALEYRA_API_KEY_<SID>, else KALEYRA_API_KEY), and the
 * tunables (KALEYRA_TIMEOUT_MS and the rest of TUNING), held to the provider's strict
 * checks. Every problem is reported at once.
 *
 * @param cwd The folder `--out` is relative to.
 * @param log Receives debug lines when KALEYRA_DEBUG is on.
 * @throws UsageError listing every problem.
 */
export function resolveDiscoverSettings(
  flags: DiscoverFlags,
  env: EnvSource,
  cwd: string,
  log: (line: string) => void,
): DiscoverSettings {
  const problems: string[] = [];

  let wabaId = "";
  if (flags.waba === undefined)
    problems.push(
      "--waba is required: the id of the WhatsApp Business Account whose flows to list (digits only; WhatsApp " +
        "Manager > Account tools, or Meta Business Suite > Business settings > WhatsApp accounts).",
    );
  else if (!/^[0-9]{1,20}$/.test(flags.waba)) {
    const what =
      flags.waba === ""
        ? "it is empty"
        : /^[0-9]+$/.test(flags.waba)
          ? "it has more than 20 digits"
          : "it holds something other than digits";
    problems.push(
      `--waba is not a WhatsApp Business Account id: ${what} (the value is not shown). A WABA id is digits only, ` +
        `e.g. --waba 1029384756102938.`,
    );
  } else wabaId = flags.waba;

  // The provider's own settings, from the environment alone (no stack config here); the
  // flags beat their variables as resource arguments do, and --api-domain beats --region.
  const settings = readSettings({ env });
  const resolved = resolveAccount({ sid: flags.sid, region: flags.region, apiDomain: flags.apiDomain }, settings, {
    names: { sid: "--sid", region: "--region", apiDomain: "--api-domain" },
    noSid: NO_SID,
  });
  problems.push(...resolved.failures.map((failure) => failure.reason));
  const region = flags.region !== undefined || settings.region ? resolved.account?.region : undefined;

  let pageSize: number | undefined;
  if (flags.pageSize !== undefined) {
    const checked = checkWholeNumber(
      flags.pageSize,
      "--page-size",
      { min: 1, max: MAX_PAGE_SIZE },
      "It is the number of flows asked for per request; leave it out for Kaleyra's default.",
    );
    if (checked.ok) pageSize = checked.value;
    else problems.push(checked.reason);
  }

  // `--out -` is standard output, as in most tools.
  const outFile = flags.out === "-" ? undefined : flags.out;
  const flowsToStdout = flags.out === "-" || (flags.out === undefined && flags.importFile === undefined);
  let out: DiscoverSettings["out"];
  if (outFile !== undefined) {
    out = { given: outFile, path: resolve(cwd, outFile) };
    const problem = outputProblem(out, flags.force, OUT_FILE);
    if (problem) problems.push(problem);
  }

  let importFile: DiscoverSettings["importFile"];
  if (flags.importFile !== undefined) {
    importFile = { given: flags.importFile, path: resolve(cwd, flags.importFile) };
    const problem =
      flags.importFile === "-"
        ? "--import-file needs a file: pulumi import --file reads one, so - (standard output) is not taken here."
        : out && out.path === importFile.path
          ? "--import-file and --out name the same file: give each its own, e.g. --import-file import.json."
          : outputProblem(importFile, flags.force, IMPORT_FILE);
    if (problem) problems.push(problem);
  }
  if (flags.force && outFile === undefined && flags.withJson === undefined && flags.importFile === undefined)
    problems.push(
      flags.out === undefined
        ? "--force only applies with --out FILE: without --out the file goes to standard output."
        : "--force only applies with --out FILE: with --out - the file goes to standard output.",
    );

  let withJson: DiscoverSettings["withJson"];
  if (flags.withJson !== undefined) {
    withJson = { given: flags.withJson, path: resolve(cwd, flags.withJson) };
    const problem = jsonFolderProblem(withJson);
    if (problem) problems.push(problem);
  }

  // Tunables, switches and the rest, with the provider's own strict checks and messages.
  problems.push(...settings.failures.map((failure) => failure.reason));

  // The key is checked here, so a missing or mangled one is a usage error listed with the rest.
  const sid = resolved.account?.sid ?? "";
  if (sid) {
    const [perSid, shared] = apiKeyVariables(sid);
    const variable = [perSid, shared].find((name) => env[name] !== undefined && env[name] !== "");
    if (!variable) {
      problems.push(
        `no API key for Kaleyra account ${sid}: set ${perSid} or ${shared} in the environment (never a flag: ` +
          `flags end up in shell history and process lists). Nothing was sent.`,
      );
    } else if (!/^[\x21-\x7e]+$/.test(env[variable] ?? "")) {
      problems.push(
        `${variable} is not an API key: it holds white space, a control character or a non-ASCII character (the ` +
          `value is not shown). Copy the key again from Developers > API Keys in the Kaleyra console.`,
      );
    }
  }

  if (problems.length > 0 || !resolved.account) throw new UsageError(problems, "discover");
  const apiDomainSource = flags.apiDomain !== undefined ? "--api-domain" : settings.apiDomain?.source;
  const client = clientSettingsFor(resolved.account, settings, settings.debug ? log : undefined);
  return {
    wabaId,
    out,
    flowsToStdout,
    importFile,
    withJson,
    force: flags.force,
    pageSize,
    sid,
    region,
    apiDomainSource,
    client,
  };
}

/** Why discover cannot run without a SID; the provider's own message names stack config too. */
const NO_SID =
  "no Kaleyra account SID: give --sid SID or set KALEYRA_SID. Find it in the Kaleyra console under Developers > " +
  "API Keys.";

/** What a file flag's messages say of it. */
interface FileFlag {
  readonly flag: string;
  /** A file name for the examples. */
  readonly example: string;
  /** What an existing file may be, for "it may be ...". */
  readonly existing: string;
}

const OUT_FILE: FileFlag = { flag: "--out", example: "flows.yaml", existing: "a flows file edited by hand" };
const IMPORT_FILE: FileFlag = {
  flag: "--import-file",
  example: "import.json",
  existing: "an import file edited by hand",
};

/**
 * Why an output file (`--out`, `--import-file`) cannot be written, checked before anything is
 * sent so that a mistake costs no API call. The write itself checks again (the file may appear
 * meanwhile).
 */
function outputProblem(out: { given: string; path: string }, force: boolean, file: FileFlag): string | undefined {
  const { flag, example } = file;
  const shown = escapeControls(out.given);
  if (out.given === "") return `${flag} needs a file name, e.g. ${flag} ${example}.`;
  let folder;
  try {
    folder = statSync(dirname(out.path));
  } catch {
    return `cannot write ${shown}: its folder does not exist.`;
  }
  if (!folder.isDirectory()) return `cannot write ${shown}: its folder is not a folder.`;
  if (!existsSync(out.path)) return undefined;
  if (statSync(out.path).isDirectory())
    return (
      `cannot write ${shown}: it is a folder. Give a file name, e.g. ${flag} ` +
      `${shown.replace(/\/?$/, `/${example}`)}.`
    );
  if (!force)
    return (
      `${shown} already exists: discover never replaces a file unless asked (it may be ${file.existing}). ` +
      `Pass --force to replace it, or choose another ${flag}.`
    );
  return undefined;
}

/**
 * Why the Flow JSON folder cannot be used, checked before anything is sent. A folder that does
 * not exist yet is fine: it is made once every flow has been read. Which files in it would be
 * replaced is known only then (their names come from the flows' names), and checked then.
 */
function jsonFolderProblem(folder: { given: string; path: string }): string | undefined {
  const shown = escapeControls(folder.given);
  if (folder.given === "") return "--with-json needs a folder, e.g. --with-json flows.";
  if (existsSync(folder.path) && !statSync(folder.path).isDirectory())
    return `cannot write Flow JSON files into ${shown}: it is a file, not a folder. Give a folder, e.g. --with-json flows.`;
  return undefined;
}
