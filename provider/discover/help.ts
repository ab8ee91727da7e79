import { flagTerm, helpRows, optionRows, type HelpRow } from "../cli/help-layout";
import { CLI_NAME } from "../cli/name";
import { ACCOUNT_SETTINGS, SETTINGS, TUNING, type SettingFacts } from "../settings/table";
import { DISCOVER_FLAGS, type DiscoverFlag } from "./flags";

/**
 * The discover command's help, built from its flags (flags.ts) and the settings table, so a
 * new flag or setting shows up by itself. Light on purpose: the CLI's general help includes
 * it without loading the command (which loads the HTTP client).
 */

const FLAGS: ReadonlyArray<[string, DiscoverFlag]> = Object.entries(DISCOVER_FLAGS);

/** The usage line. */
export const DISCOVER_USAGE = [
  `${CLI_NAME} discover`,
  ...FLAGS.filter(([name]) => name !== "help").map(([name, flag]) =>
    flag.required ? flagTerm(name, flag, false) : `[${flagTerm(name, flag, false)}]`,
  ),
].join(" ");

/** What discover adds to a setting's meaning; a setting with nothing to add shows its meaning alone. */
const DISCOVER_NOTES = new Map<SettingFacts, string>([
  [ACCOUNT_SETTINGS.sid, "The default of --sid."],
  [
    ACCOUNT_SETTINGS.apiKey,
    "Only from the environment: a flag such as --api-key is refused, " +
      "since flags end up in shell history and process lists.",
  ],
  [ACCOUNT_SETTINGS.region, "The default of --region."],
  [ACCOUNT_SETTINGS.apiDomain, "The default of --api-domain."],
  [ACCOUNT_SETTINGS.allowPublishedUpdate, "Not used by discover, which changes no flow."],
]);

/** One row per setting, in the table's order: its variable, its meaning, its default and range for a tunable. */
function environmentRows(): HelpRow[] {
  return SETTINGS.map((setting) => {
    const tunable = Object.values(TUNING).find((tuning) => tuning === setting);
    const range = tunable ? `Default ${tunable.default}; ${tunable.min} to ${tunable.max}.` : undefined;
    const text = [setting.meaning, range, DISCOVER_NOTES.get(setting)].filter(Boolean).join(" ");
    return { term: setting.env, text };
  });
}

/** `pulumi-kaleyra-flows discover --help`. */
export const DISCOVER_HELP = `Usage: ${DISCOVER_USAGE}

Brings an existing account under management in one command: lists every flow of a WhatsApp
Business Account through Kaleyra's "Get Flows by WABA ID" (page after page, with the after
cursor, on the account's own API origin) and writes a flows file that declares them as they
are now. Apply it with kaleyra.declareFlows("flows.yaml"): the first \`pulumi up\` sends no
update and the next \`pulumi preview\` shows no changes.

Options:
${optionRows(DISCOVER_FLAGS)}
Environment (discover reads no stack config; each variable is checked as the provider checks it, see
docs/configuration.md):
${helpRows(environmentRows())}
The file (flows file version 1; check it with "${CLI_NAME} validate FILE"):
  - a header saying what wrote it, for which WABA and account, and what to run next;
  - defaults: the SID (and the region, when given);
  - one entry per flow, sorted by resource name: a slug of the flow's name (lower-case
    letters, digits and -, at most 60 characters, -2, -3 for repeats; flow-<id> when the
    name gives none), the flow id quoted, its status in a comment;
  - name, categories and endpointUri exactly as Kaleyra holds them. A value the package's
    own rules would refuse or change (control characters or over 200 characters in a name,
    white space around it, a name another flow has, an unknown category, an endpoint that
    is not a canonical public https URL) is left unmanaged, with a comment saying why;
  - DEPRECATED and BLOCKED flows (they cannot take changes) and flows with nothing left to
    manage are left out, each named in a comment at the end.

The import file (--import-file FILE), for \`pulumi import --file FILE\` in a program on the
native provider (Python, Go, YAML...; run "${CLI_NAME} plugin install" first):
  {"resources": [{"type": "kaleyra:index:FlowMetadata", "name": NAME, "id": FLOW_ID}, ...]}
  - one resource per flow the flows file declares, in its order, NAME its resource name;
  - type kaleyra:index:Flow for a flow --with-json declares whole;
  - nothing else: no key, SID or API domain (pulumi import reads the stack's kaleyra:* config).

Progress (pages read, flows found) goes to standard error; the files to FILE or standard
output, only once every page has been read.

Exit status: 0 the whole file was written (or printed); 1 Kaleyra or the network failed, or
the WABA has no flow to manage, and nothing was written; 2 usage error (unknown or repeated
option, missing --waba, SID or API key, a bad value, a FILE exists without --force).
`;
