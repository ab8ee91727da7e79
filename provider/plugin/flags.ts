import type { DocumentedFlag } from "../cli/help-layout";

/** `--pulumi PATH`, as every command that runs pulumi takes it. */
export const PULUMI_FLAG = {
  type: "string",
  value: "PATH",
  example: "--pulumi /usr/local/bin/pulumi",
  help: "the pulumi executable to run, or the folder that holds it; default: pulumi on PATH",
} as const satisfies DocumentedFlag;

/**
 * `plugin install`'s flags, once: what the parser accepts (command.ts) and what the help says
 * of each (help.ts). Light, so the CLI's general help can show them without loading the
 * command.
 */
export const PLUGIN_INSTALL_FLAGS = {
  reinstall: {
    type: "boolean",
    help:
      "replace the plugin when this version is already in Pulumi's plugin cache (without it, one found there " +
      "is kept as it is, whichever install of the package it runs)",
  },
  pulumi: PULUMI_FLAG,
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, DocumentedFlag>;
