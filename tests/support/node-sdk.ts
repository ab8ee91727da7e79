import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";
import { run } from "./run";

/**
 * Builds a copy of sdk/nodejs (`@pulumi-kaleyra-flows/kaleyra`) in `work` with the
 * repository's TypeScript (its `npm run build` is `tsc` into bin/), lays it out as Pulumi's
 * SDKs are published (bin/ with package.json beside the compiled files: `utilities.getVersion()`
 * reads it) and packs it, never touching sdk/, which is generated and committed. Returns the
 * tarball, for an install beside the package (`installForProjects(..., { [name]: "file:..." })`).
 */
export async function packNodeSdk(work: string): Promise<string> {
  fs.rmSync(work, { recursive: true, force: true });
  const source = path.join(work, "src");
  fs.cpSync(path.join(REPO_ROOT, "sdk/nodejs"), source, { recursive: true });
  // Types (@pulumi/pulumi, @types/node) resolve from the repository's node_modules, above.
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const built = await run(process.execPath, [tsc, "-p", source], { cwd: source, timeoutMs: 300_000 });
  if (built.code !== 0) throw new Error(`building sdk/nodejs (tsc) failed:\n${built.output.slice(-3000)}`);
  const bin = path.join(source, "bin");
  for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(source, file), path.join(bin, file));
  const out = path.join(work, "pack");
  fs.mkdirSync(out);
  const pack = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", out], { cwd: bin });
  if (pack.code !== 0) throw new Error(`npm pack of the built sdk/nodejs failed:\n${pack.output}`);
  const file = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!file) throw new Error(`npm pack wrote no tarball in ${out}`);
  return path.join(out, file);
}

/** The Node.js SDK's package name. */
export function nodeSdkName(): string {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "sdk/nodejs/package.json"), "utf8")).name;
}
