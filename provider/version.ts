import * as fs from "node:fs";
import * as path from "node:path";

/** This package's name, as users install and `require` it. */
export const PACKAGE_NAME = "pulumi-kaleyra-flows";

/**
 * This package's version, read from its package.json (found by walking up from this file,
 * so it works from the TypeScript sources and from the compiled `dist/`).
 */
export const PACKAGE_VERSION: string = readVersion();

function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (manifest.name === PACKAGE_NAME) return String(manifest.version);
    } catch {
      // No package.json here, or not ours: keep walking up.
    }
    if (path.dirname(dir) === dir) return "0.0.0";
  }
}
