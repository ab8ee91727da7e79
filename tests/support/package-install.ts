import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "./run";
import { REPO_ROOT, SCRATCH } from "./paths";

/** Where e2e runs keep packed tarballs and installed node_modules templates. */
export const INSTALLS = path.join(SCRATCH, "installs");

/**
 * Packs the package as a user gets it (`npm pack` of the built repository), optionally with
 * another version number, and returns the tarball's path. Each `name` gets a folder of its
 * own, so callers that may run at the same time (the e2e suite, the benchmark) never
 * rewrite each other's tarball.
 */
export async function packPackage(options: { version?: string; name?: string } = {}): Promise<string> {
  const { version } = options;
  const out = path.join(INSTALLS, `pack-${options.name ?? version ?? "current"}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  let source = REPO_ROOT;
  if (version) {
    // A second build of the package: the same files with another version, which changes
    // what the implementation does at run time (its User-Agent names the version).
    source = path.join(out, "src");
    fs.mkdirSync(source);
    for (const entry of ["dist", "bin", "schema", "README.md"]) {
      if (fs.existsSync(path.join(REPO_ROOT, entry)))
        fs.cpSync(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    manifest.version = version;
    delete manifest.scripts;
    fs.writeFileSync(path.join(source, "package.json"), JSON.stringify(manifest, null, 2));
  }
  // --ignore-scripts: dist/ is already built (callers check); `prepare` would build it again.
  const result = await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", out], { cwd: source });
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.output}`);
  const tarball = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${out}`);
  return path.join(out, tarball);
}

/**
 * Installs a tarball the way a user does (`npm install ./pulumi-kaleyra-flows-x.tgz` next to
 * `@pulumi/pulumi` and TypeScript) into a folder whose node_modules e2e projects link to.
 * `extra` adds dependencies beside it (name -> version or `file:` tarball), e.g. a built SDK.
 * Returns that node_modules path.
 */
export async function installForProjects(
  name: string,
  tarball: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<string> {
  const dir = path.join(INSTALLS, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const rootManifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const dev = rootManifest.devDependencies;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: `e2e-${name}`,
        private: true,
        dependencies: {
          "pulumi-kaleyra-flows": `file:${tarball}`,
          "@pulumi/pulumi": dev["@pulumi/pulumi"],
          typescript: dev.typescript,
          "ts-node": dev["ts-node"],
          "@types/node": dev["@types/node"],
          ...extra,
        },
      },
      null,
      2,
    ),
  );
  const result = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
  });
  if (result.code !== 0) throw new Error(`npm install of ${tarball} failed:\n${result.output}`);
  return path.join(dir, "node_modules");
}
