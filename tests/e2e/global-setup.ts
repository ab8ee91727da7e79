import * as fs from "node:fs";
import * as path from "node:path";
import { nodeSdkName, packNodeSdk } from "../support/node-sdk";
import { installForProjects, packPackage, INSTALLS } from "../support/package-install";
import { REPO_ROOT } from "../support/paths";
import { ensurePulumiCli, ensurePythonVenv } from "../support/pulumi-cli";
import { run } from "../support/run";

/**
 * Once per e2e run: provide the Pulumi CLI and its language hosts (building them the first
 * time on a machine), pack the built package and install it as a user would, and install the
 * generated Python SDK (sdk/python) where Python programs find it. Workers read the results
 * from the environment, which they inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test and npm run test:e2e do).");
  }
  const started = Date.now();
  process.env.KALEYRA_E2E_PULUMI_BIN = ensurePulumiCli();
  const tarball = await packPackage();
  process.env.KALEYRA_E2E_NODE_MODULES = await installForProjects("current", tarball);
  // TypeScript programs on the native provider: the package beside the built Node.js SDK, in
  // an install of its own (a dynamic program's host seeing the SDK would ask for the plugin).
  const sdk = await packNodeSdk(path.join(INSTALLS, "nodejs-sdk"));
  process.env.KALEYRA_E2E_NATIVE_NODE_MODULES = await installForProjects("native", tarball, {
    [nodeSdkName()]: `file:${sdk}`,
  });
  process.env.KALEYRA_E2E_INSTALLS = INSTALLS;
  process.env.KALEYRA_E2E_PYTHON_SDK = await installPythonSdk(ensurePythonVenv());
  process.stderr.write(
    `\n[e2e] Pulumi CLI in ${process.env.KALEYRA_E2E_PULUMI_BIN}; package installed in ${Math.round((Date.now() - started) / 1000)}s\n`,
  );
}

/** Installs sdk/python as a user's `pip install` would, into a folder Python programs get on PYTHONPATH. */
async function installPythonSdk(venv: string): Promise<string> {
  const target = path.join(INSTALLS, "python-sdk");
  fs.rmSync(target, { recursive: true, force: true });
  // A copy: pip builds in the source folder, and sdk/ is the committed, generated tree.
  const source = path.join(INSTALLS, "python-sdk-source");
  fs.rmSync(source, { recursive: true, force: true });
  fs.cpSync(path.join(REPO_ROOT, "sdk/python"), source, { recursive: true });
  const pip = path.join(venv, "bin", "pip");
  const args = ["install", "--quiet", "--no-build-isolation", "--no-deps", "--target", target, source];
  const result = await run(pip, args, { cwd: INSTALLS, timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`pip install of sdk/python failed:\n${result.output}`);
  return target;
}
