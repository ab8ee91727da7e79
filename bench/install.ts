/**
 * The package as a user installs it: `npm pack` of the built repository, installed next to
 * `@pulumi/pulumi` in a folder that every benchmark project links as its node_modules. The
 * N scenarios' native program gets an install of its own: the same tarball beside the
 * generated Node.js SDK (sdk/nodejs, `@pulumi-kaleyra-flows/kaleyra`), built and packed here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installForProjects, packPackage } from "../tests/support/package-install";
import { REPO_ROOT } from "../tests/support/paths";
import { run } from "../tests/support/run";

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
  const [tarball, sdk] = await Promise.all([benchTarball(), packNodeSdk()]);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "sdk/nodejs/package.json"), "utf8"));
  // "nbench": one letter more than the dynamic stacks' "bench", since every resource's state
  // records the install's path in its stack trace (5 frames, so 5 bytes more per flow here).
  return installForProjects("nbench", tarball, { [manifest.name]: `file:${sdk}` });
}

/**
 * Builds a copy of sdk/nodejs with the repository's TypeScript (its `npm run build` is `tsc`
 * into bin/), lays it out as Pulumi's SDKs are published (bin/ with package.json beside the
 * compiled files: `utilities.getVersion()` reads it) and packs it. Returns the tarball.
 */
async function packNodeSdk(): Promise<string> {
  fs.rmSync(SDK_WORK, { recursive: true, force: true });
  const source = path.join(SDK_WORK, "src");
  fs.cpSync(path.join(REPO_ROOT, "sdk/nodejs"), source, { recursive: true });
  // Types (@pulumi/pulumi, @types/node) resolve from the repository's node_modules, above.
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const built = await run(process.execPath, [tsc, "-p", source], { cwd: source, timeoutMs: 300_000 });
  if (built.code !== 0) throw new Error(`building sdk/nodejs (tsc) failed:\n${built.output.slice(-3000)}`);
  const bin = path.join(source, "bin");
  for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(source, file), path.join(bin, file));
  const out = path.join(SDK_WORK, "pack");
  fs.mkdirSync(out);
  const pack = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", out], { cwd: bin });
  if (pack.code !== 0) throw new Error(`npm pack of the built sdk/nodejs failed:\n${pack.output}`);
  const file = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!file) throw new Error(`npm pack wrote no tarball in ${out}`);
  return path.join(out, file);
}
