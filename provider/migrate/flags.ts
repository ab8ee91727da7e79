import type { DocumentedFlag } from "../cli/help-layout";
import { PULUMI_FLAG } from "../plugin/flags";

/** `migrate-to-native`'s flags, once: what the parser accepts (command.ts) and what the help says (help.ts). */
export const MIGRATE_FLAGS = {
  stack: {
    type: "string",
    value: "NAME",
    example: "--stack prod",
    help: "the stack to migrate; default: the current stack of the project in --cwd",
  },
  cwd: {
    type: "string",
    value: "DIR",
    example: "--cwd infra",
    help: "the Pulumi project's folder; default: the current folder",
  },
  provider: {
    type: "string",
    value: "SID=NAME[,SID=NAME...]",
    example: "--provider HXEU16XXXXXX42EU=eu",
    help:
      "import the flows of account SID through the explicit kaleyra provider NAME of the stack (create it " +
      "first: pulumi up --target <its URN>). Flows of the default provider's account need none",
  },
  "dry-run": {
    type: "boolean",
    help: "print the plan and the import file, and change nothing",
  },
  pulumi: PULUMI_FLAG,
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, DocumentedFlag>;
