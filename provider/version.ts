import * as fs from "node:fs";
import * as path from "node:path";

/** This package's name, as users install and `require` it. */
export const PACKAGE_NAME = "pulumi-kaleyra-flows";

/**
 * The folder of this package's package.json, found by walking up from this file, so it works
 * from the TypeScript sources and from the compiled `dist/`; and its version (0.0.0 when the
 * manifest cannot be found).
 */
const MANIFEST = findManifest();

/** This package's version, from its package.json. */
export const PACKAGE_VERSION: string = MANIFEST?.version ?? "0.0.0";

/** This package's folder: where package.json, schema/ and bin/ are. */
export const PACKAGE_DIR: string = MANIFEST?.dir ?? path.resolve(__dirname, "..");

function findManifest(): { dir: string; version: string } | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (manifest.name === PACKAGE_NAME) return { dir, version: String(manifest.version) };
    } catch {
      // No package.json here, or not ours: keep walking up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
