import type { DocumentedFlag } from "../cli/help-layout";
import { DEFAULT_REGION, REGION_DOMAINS } from "../rules/account";
import { ACCOUNT_SETTINGS } from "../settings/table";

/**
 * The discover command's flags, once: what the parser accepts (options.ts) and what the help
 * says of each (help.ts). A module of its own, light, so the CLI's general help can show them
 * without loading the command.
 */

/** The most flows per page asked for; Meta's Graph API pages go up to 100 here too. */
export const MAX_PAGE_SIZE = 100;

/** One of discover's flags, with its help. */
export type DiscoverFlag = DocumentedFlag & {
  /** Whether the usage line shows it without brackets. */
  readonly required?: boolean;
};

/** The flags, in the order the usage, the help and "the options are" list them. */
export const DISCOVER_FLAGS = {
  waba: {
    type: "string",
    value: "WABA_ID",
    required: true,
    example: "--waba 1029384756102938",
    help: "the WhatsApp Business Account id, digits only (required)",
  },
  out: {
    type: "string",
    short: "o",
    value: "FILE",
    example: "--out flows.yaml",
    help:
      "write the flows file to FILE instead of standard output (- is standard output). " +
      "Written atomically: all of it or nothing",
  },
  force: {
    type: "boolean",
    help:
      "replace FILE (and, with --with-json, the JSON files; with --import-file, its FILE) if it exists; without " +
      "it an existing file is never touched (it may be a flows file edited by hand)",
  },
  "with-json": {
    type: "string",
    value: "DIR",
    example: "--with-json flows",
    help:
      "also read each flow's Flow JSON (Get Flow Assets, then its download link, fetched without the API key) " +
      "into DIR/<resource name>.json, and declare the flow as a whole Flow: flowJson, the WABA in defaults, " +
      "publish: true for a published one. A flow with no JSON, or one this package's checks refuse, stays " +
      "metadata only, with a comment saying why. DIR is created if needed",
  },
  "import-file": {
    type: "string",
    value: "FILE",
    example: "--import-file import.json",
    help:
      "also write FILE, the JSON that `pulumi import --file FILE` takes, for programs on the native provider " +
      "(Python, Go, YAML...): one resource per flow the flows file declares, with its resource name and its " +
      "flow id as the import id, typed kaleyra:index:FlowMetadata (kaleyra:index:Flow for a flow --with-json " +
      "declares whole). Without --out, only FILE is written (--out - still prints the flows file). Written " +
      "atomically, with the other files",
  },
  sid: {
    type: "string",
    value: "SID",
    example: "--sid HXAP16XXXXXX97IN",
    help: `the account SID; default ${ACCOUNT_SETTINGS.sid.env}. Written into the file's defaults`,
  },
  region: {
    type: "string",
    value: Object.keys(REGION_DOMAINS).join("|"),
    example: "--region IN",
    help:
      `the pod; default ${ACCOUNT_SETTINGS.region.env}, else ${DEFAULT_REGION}. ` +
      `When given (by flag or ${ACCOUNT_SETTINGS.region.env}) it is written into the file's defaults`,
  },
  "api-domain": {
    type: "string",
    value: "DOMAIN",
    example: "--api-domain api.in.kaleyra.io",
    help:
      "a host (https implied) or an origin (plain http only to this machine, for the emulator) " +
      "that overrides the region; " +
      `default ${ACCOUNT_SETTINGS.apiDomain.env}. Never written into the file`,
  },
  "page-size": {
    type: "string",
    value: "N",
    example: "--page-size 100",
    help: `flows per request, 1 to ${MAX_PAGE_SIZE}; default: Kaleyra's`,
  },
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, DiscoverFlag>;
