import * as fs from "node:fs";
import * as path from "node:path";
import { installForProjects, packPackage, INSTALLS } from "../support/package-install";
import { REPO_ROOT } from "../support/paths";
import { ensurePulumiCli } from "../support/pulumi-cli";

/**
 * Once per e2e run: provide the Pulumi CLI (building it the first time on a machine),
 * pack the built package and install it as a user would. Workers read the results from
 * the environment, which they inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test and npm run test:e2e do).");
  }
  const started = Date.now();
  process.env.KALEYRA_E2E_PULUMI_BIN = ensurePulumiCli();
  process.env.KALEYRA_E2E_NODE_MODULES = await installForProjects("current", await packPackage());
  process.env.KALEYRA_E2E_INSTALLS = INSTALLS;
  process.stderr.write(
    `\n[e2e] Pulumi CLI in ${process.env.KALEYRA_E2E_PULUMI_BIN}; package installed in ${Math.round((Date.now() - started) / 1000)}s\n`,
  );
}
