/**
 * The package as a user installs it: `npm pack` of the built repository, installed next to
 * `@pulumi/pulumi` in a folder that every benchmark project links as its node_modules. The
 * N scenarios' native program gets an install of its own: the same tarball beside the
 * generated Node.js SDK (sdk/nodejs, `@pulumi-kaleyra-flows/kaleyra`), built and packed here.
 */
import * as path from "node:path";
import { nodeSdkName, packNodeSdk } from "../tests/support/node-sdk";
import { installForProjects, packPackage } from "../tests/support/package-install";

/** Where the SDK is copied, built and packed: never in sdk/, which is generated and committed. */
const SDK_WORK = path.join(__dirname, ".work", "nodejs-sdk");

/** The package's tarball, packed once per run for both installs. */
let packed: Promise<string> | undefined;
const benchTarball = (): Promise<string> => (packed ??= packPackage({ name: "bench" }));

/**
 * Packs into a folder of the bench's own (not the e2e suite's, which a test run on the same
 * checkout may be rewriting at the same moment) and installs it. Returns the node_modules path.
 */
export async function installPackage(): Promise<string> {
  return installForProjects("bench", await benchTarball());
}

/**
 * The install of the native program (bench/programs/native): the package's tarball, which
 * holds the plugin (`bin/pulumi-resource-kaleyra`, found through the program's Pulumi.yaml),
 * and the Node.js SDK's tarball, as a user installs both. Same `@pulumi/pulumi`, TypeScript
 * and ts-node as the dynamic stacks' install. A folder of its own, so the dynamic programs'
 * language host never sees the SDK (a package that asks for the `kaleyra` plugin).
 * Returns the node_modules path.
 */
export async function installNativePackage(): Promise<string> {
  const [tarball, sdk] = await Promise.all([benchTarball(), packNodeSdk(SDK_WORK)]);
  // "nbench": one letter more than the dynamic stacks' "bench", since every resource's state
  // records the install's path in its stack trace (5 frames, so 5 bytes more per flow here).
  return installForProjects("nbench", tarball, { [nodeSdkName()]: `file:${sdk}` });
}
