import { CLI_NAME } from "../cli/name";
import { PLUGIN_FILE } from "./help";

/**
 * The file `plugin install` hands to `pulumi plugin install --file`: an executable named for
 * the plugin that runs one install of this package's plugin entry with one node, both by
 * absolute path. Pure: the command decides the paths, this writes the text.
 *
 * What `pulumi plugin install --file` takes (pulumi v3.248, cmd/pulumi/plugin/plugin_install.go
 * and pkg/pluginstorage/content.go): a tarball (unpacked), a single file (it must have the
 * executable bit on POSIX; it is copied as `pulumi-resource-<name>`, with `.exe` appended on
 * Windows, so a .cmd would no longer run as one) or a folder (copied as it is, modes kept).
 * The engine then runs `pulumi-resource-<name>` from the plugin's folder, trying `.exe` then
 * `.cmd` on Windows. So the launcher goes into a folder of its own: `pulumi-resource-kaleyra`
 * (sh) on POSIX, `pulumi-resource-kaleyra.cmd` on Windows, and that folder is installed. No
 * PulumiPlugin.yaml: with one, Pulumi would try to install the plugin's dependencies.
 */

/** What runs the plugin: the node and the plugin entry of this install of the package. */
export interface LauncherTarget {
  /** The node executable (the command's own, process.execPath), absolute. */
  readonly node: string;
  /** This install's dist/provider/native/main.js, absolute. */
  readonly entry: string;
  /** This package's version, named in the launcher's comment. */
  readonly version: string;
}

/** The launcher: its file name in the folder, its text and its mode. */
export interface Launcher {
  readonly fileName: string;
  readonly text: string;
  readonly mode: number;
}

/** What the launcher says when the package or the node it runs has gone. */
const GONE =
  `${PLUGIN_FILE}: the install of pulumi-kaleyra-flows (or the node) this plugin runs is gone, ` +
  `moved or upgraded since \`${CLI_NAME} plugin install\`: run \`npx ${CLI_NAME} plugin install --reinstall\` ` +
  `from the project that installs the package.`;

/**
 * The launcher for `platform` (process.platform): a POSIX sh script, or a .cmd file on Windows.
 *
 * @throws Error for a path no launcher can hold: a line break in it (no sh comment or cmd line
 *   could carry it safely), or, on Windows, a double quote (Windows paths cannot have one).
 */
export function launcherFor(target: LauncherTarget, platform: NodeJS.Platform): Launcher {
  for (const path of [target.node, target.entry]) {
    if (/[\r\n\0]/.test(path)) throw new Error("a path with a line break cannot be written into a launcher");
  }
  return platform === "win32" ? cmdLauncher(target) : shLauncher(target);
}

function header(version: string): string[] {
  return [
    `${PLUGIN_FILE}: the native provider plugin of pulumi-kaleyra-flows ${version},`,
    `put into Pulumi's plugin cache by \`${CLI_NAME} plugin install\`. It runs the install`,
    "of the package that command ran from, with the node it ran on, both by absolute path: after",
    `upgrading, moving or removing the package, run \`${CLI_NAME} plugin install --reinstall\` again.`,
  ];
}

function shLauncher({ node, entry, version }: LauncherTarget): Launcher {
  const lines = [
    "#!/bin/sh",
    ...header(version).map((line) => `# ${line}`),
    `node=${shQuote(node)}`,
    `entry=${shQuote(entry)}`,
    'if [ ! -f "$entry" ] || [ ! -x "$node" ]; then',
    `  echo ${shQuote(GONE)} >&2`,
    "  exit 1",
    "fi",
    'exec "$node" "$entry" "$@"',
  ];
  return { fileName: PLUGIN_FILE, text: `${lines.join("\n")}\n`, mode: 0o755 };
}

/** `text` as one sh word: in single quotes, each `'` closed, escaped and reopened. */
function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function cmdLauncher({ node, entry, version }: LauncherTarget): Launcher {
  for (const path of [node, entry]) {
    if (path.includes('"')) throw new Error("a path with a double quote cannot be written into a .cmd launcher");
  }
  // In a batch file `%` starts a variable even between quotes: doubled, it is one `%`. Delayed
  // expansion (`!`) is off unless asked for, and `^ & | < > ( )` are plain between quotes.
  const quoted = (path: string) => `"${path.replace(/%/g, "%%")}"`;
  const lines = [
    "@echo off",
    ...header(version).map((line) => `rem ${line.replace(/[`]/g, "")}`),
    "setlocal",
    `if not exist ${quoted(entry)} goto gone`,
    `if not exist ${quoted(node)} goto gone`,
    `${quoted(node)} ${quoted(entry)} %*`,
    "exit /b %ERRORLEVEL%",
    ":gone",
    // The message holds no path, quote or redirection character: echo prints it as it is.
    `echo ${GONE.replace(/`/g, '"')} 1>&2`,
    "exit /b 1",
  ];
  return { fileName: `${PLUGIN_FILE}.cmd`, text: `${lines.join("\r\n")}\r\n`, mode: 0o755 };
}
