/**
 * The package as a user installs it: `npm pack` of the built repository, installed next to
 * `@pulumi/pulumi` in a folder that every benchmark project links as its node_modules.
 */
import { installForProjects, packPackage } from "../tests/support/package-install";

/**
 * Packs into a folder of the bench's own (not the e2e suite's, which a test run on the same
 * checkout may be rewriting at the same moment) and installs it. Returns the node_modules path.
 */
export async function installPackage(): Promise<string> {
  return installForProjects("bench", await packPackage({ name: "bench" }));
}
