import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/** The languages the e2e suite runs programs in: TypeScript (dynamic and native), YAML, Python, Go. */
const LANGUAGES = "nodejs,yaml,python,go";

/**
 * The folder holding `pulumi`, its language hosts and `pulumi-resource-pulumi-nodejs`: the
 * user's own when compatible, otherwise the pinned build, made once per machine
 * (scripts/pulumi-cli/ensure.sh; progress goes to stderr).
 */
export function ensurePulumiCli(): string {
  if (process.env.KALEYRA_E2E_PULUMI_BIN) return process.env.KALEYRA_E2E_PULUMI_BIN;
  const bin = lastLine(runScript("ensure.sh", ["--languages", LANGUAGES]));
  process.env.KALEYRA_E2E_PULUMI_BIN = bin;
  return bin;
}

/**
 * A Python virtualenv with the Pulumi SDK (scripts/pulumi-cli/python-venv.sh, made once per
 * machine), for Python programs: its bin folder goes first on PATH.
 */
export function ensurePythonVenv(): string {
  if (process.env.KALEYRA_E2E_PYTHON_VENV) return process.env.KALEYRA_E2E_PYTHON_VENV;
  const venv = lastLine(runScript("python-venv.sh", []));
  process.env.KALEYRA_E2E_PYTHON_VENV = venv;
  return venv;
}

function runScript(name: string, args: string[]): string {
  const script = path.join(REPO_ROOT, "scripts/pulumi-cli", name);
  return execFileSync("bash", [script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()!;
}
