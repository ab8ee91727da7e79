import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/**
 * Finding the `pulumi` executable as a shell would: `--pulumi PATH` (the executable, or the
 * folder that holds it), else the first `pulumi` on PATH (on Windows with PATHEXT's
 * extensions, `pulumi.exe` first in practice).
 */

/** Where pulumi was looked for, and what was found. */
export type PulumiLookup =
  | { readonly found: true; readonly path: string }
  /** `why` is one sentence, naming the path as given (escaped by the caller). */
  | { readonly found: false; readonly why: "not-on-path" | "not-there" | "not-executable" };

/** The environment's PATH and PATHEXT: Windows spells PATH as it likes. */
function variable(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== "win32") return env[name];
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** The names `pulumi` may have on `platform`. */
function names(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== "win32") return ["pulumi"];
  const extensions = (variable(env, "PATHEXT", platform) ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return extensions.map((extension) => `pulumi${extension.toLowerCase()}`);
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no executable bit: a file with a PATHEXT extension is a program.
    if (platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds pulumi.
 *
 * @param given `--pulumi`'s value, relative to `cwd` unless absolute; the PATH is searched without it.
 */
export function findPulumi(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): PulumiLookup {
  if (given !== undefined) {
    const path = isAbsolute(given) ? given : resolve(cwd, given);
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      return { found: false, why: "not-there" };
    }
    const candidates = folder ? names(platform, env).map((name) => join(path, name)) : [path];
    const found = candidates.find((candidate) => isExecutableFile(candidate, platform));
    return found ? { found: true, path: found } : { found: false, why: folder ? "not-there" : "not-executable" };
  }
  for (const folder of (variable(env, "PATH", platform) ?? "").split(delimiter)) {
    // An empty entry is the working folder to a shell; a program found there by accident is
    // not what anyone means by "pulumi on PATH", so it is skipped, as a relative entry is.
    if (folder === "" || !isAbsolute(folder)) continue;
    for (const name of names(platform, env)) {
      const candidate = join(folder, name);
      if (isExecutableFile(candidate, platform)) return { found: true, path: candidate };
    }
  }
  return { found: false, why: "not-on-path" };
}
