import { DISCOVER_HELP, DISCOVER_USAGE } from "../discover/help";
import { MIGRATE_HELP, MIGRATE_USAGE } from "../migrate/help";
import { PLUGIN_INSTALL_HELP, PLUGIN_INSTALL_USAGE } from "../plugin/help";
import { flagTerm, optionRows } from "./help-layout";
import { CLI_NAME } from "./name";
import { VALIDATE_FLAGS } from "./validate";

/**
 * `pulumi-kaleyra-flows --help`: validate's help, then discover's, plugin install's and
 * migrate-to-native's in full.
 * Includes their help modules (light: text built from the flag and settings tables), never
 * their commands.
 */

/** validate's usage line. */
export const VALIDATE_USAGE = [
  `${CLI_NAME} validate`,
  ...Object.entries(VALIDATE_FLAGS)
    .filter(([name]) => name !== "help")
    .map(([name, flag]) => `[${flagTerm(name, flag, false)}]`),
  "FILE [FILE...]",
].join(" ");

/** The general help. */
export const HELP = `Usage: ${VALIDATE_USAGE}
       ${DISCOVER_USAGE}
       ${PLUGIN_INSTALL_USAGE}
       ${MIGRATE_USAGE}

validate: checks flows files (YAML, or JSON for *.json) offline, with the Flow JSON files their
entries name (flowJson), as pulumi preview checks them: no credentials, no Pulumi. With
--flow-json, each FILE is a Flow JSON file, checked on its own. Prints every problem as
"file:line:col path: message" on stderr; a Flow JSON's problems name that file and its line.

Options:
${optionRows(VALIDATE_FLAGS)}
Exit status: 0 all files are good, 1 a file has problems, 2 usage error or unreadable file.

discover: ${DISCOVER_HELP.replace(/^Usage: .*\n\n/, "")}
plugin install: ${PLUGIN_INSTALL_HELP.replace(/^Usage: .*\n\n/, "")}
migrate-to-native: ${MIGRATE_HELP.replace(/^Usage: .*\n\n/, "")}`;
