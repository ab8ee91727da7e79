import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/**
 * The folder holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`:
 * the user's own when compatible, otherwise the pinned build, made once per machine
 * (scripts/pulumi-cli/ensure.sh; progress goes to stderr).
 */
export function ensurePulumiCli(): string {
  if (process.env.KALEYRA_E2E_PULUMI_BIN) return process.env.KALEYRA_E2E_PULUMI_BIN;
  const script = path.join(REPO_ROOT, "scripts/pulumi-cli/ensure.sh");
  const bin = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop()!;
  process.env.KALEYRA_E2E_PULUMI_BIN = bin;
  return bin;
}
