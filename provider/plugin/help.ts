import { flagTerm, optionRows } from "../cli/help-layout";
import { CLI_NAME } from "../cli/name";
import { NATIVE_PACKAGE } from "../native/tokens";
import { PLUGIN_INSTALL_FLAGS } from "./flags";

/**
 * `plugin install`'s help, built from its flags (flags.ts). Light on purpose: the CLI's general
 * help includes it without loading the command. It names no version: reading this package's
 * version means reading its package.json, which `validate` (a pre-commit hook) must not pay for.
 */

/** The plugin's file name, as Pulumi looks for it: `pulumi-resource-kaleyra`. */
export const PLUGIN_FILE = `pulumi-resource-${NATIVE_PACKAGE}`;

/** The usage line. */
export const PLUGIN_INSTALL_USAGE = [
  `${CLI_NAME} plugin install`,
  ...Object.entries(PLUGIN_INSTALL_FLAGS)
    .filter(([name]) => name !== "help")
    .map(([name, flag]) => `[${flagTerm(name, flag, false)}]`),
].join(" ");

/** `pulumi-kaleyra-flows plugin install --help`. */
export const PLUGIN_INSTALL_HELP = `Usage: ${PLUGIN_INSTALL_USAGE}

Installs this package's native provider plugin (${PLUGIN_FILE}: resource plugin
${NATIVE_PACKAGE}, at this package's version) into Pulumi's plugin cache, so that programs in
Python, Go, YAML or any other language, and \`pulumi import\`, find it. The plugin cannot be
downloaded: it is a Node program inside this package. So the command writes a launcher named
${PLUGIN_FILE} (a sh script; a .cmd file on Windows) into a temporary folder and runs

  pulumi plugin install resource ${NATIVE_PACKAGE} VERSION --exact --file FOLDER [--reinstall]

The launcher runs THIS install of the package (its dist/provider/native/main.js) with the node
that ran this command, both by absolute path. After upgrading, moving or removing the package
(or that node), run "${CLI_NAME} plugin install --reinstall" again.

Options:
${optionRows(PLUGIN_INSTALL_FLAGS)}
The cache is Pulumi's: PULUMI_HOME's plugins folder (default ~/.pulumi/plugins). Pulumi runs
a ${PLUGIN_FILE} on PATH before the cache's, unless PULUMI_IGNORE_AMBIENT_PLUGINS is
set: node_modules/.bin holds one (the project's install of this package) when pulumi runs
from an npm script or npx.

Prints each pulumi command it runs and what came of it; pulumi's own output goes to standard
error.

Exit status: 0 installed, or this version was already installed and kept; 1 pulumi failed
and nothing was installed; 2 usage error (unknown option, no pulumi found, this package not
built).
`;
