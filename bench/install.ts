/**
 * The package as a user installs it: `npm pack` of the built repository, installed next to
 * `@pulumi/pulumi` in a folder that every benchmark project links as its node_modules.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installForProjects } from "../tests/support/package-install";
import { REPO_ROOT, SCRATCH } from "../tests/support/paths";
import { run } from "../tests/support/run";

/**
 * Packs into a folder of the bench's own (not the e2e suite's `pack-current`, which a
 * test run on the same checkout may be rewriting at the same moment) and installs it.
 * Returns the node_modules path.
 */
export async function installPackage(): Promise<string> {
  const out = path.join(SCRATCH, "bench", "pack");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  // --ignore-scripts: `npm run bench` has just built dist/; `prepare` would build it again.
  const packed = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", out], { cwd: REPO_ROOT });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const tarball = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${out}`);
  return installForProjects("bench", path.join(out, tarball));
}
