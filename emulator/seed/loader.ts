import { readFileSync } from "node:fs";
import { SeedError } from "../errors";
import { validateSeed } from "./check";
import type { ValidSeed } from "./contract";

/**
 * Reads and validates a seed file. Throws a {@link SeedError} whose message starts with
 * the path as given, then the entry at fault (or why the file could not be read or parsed).
 */
export function loadSeedFile(path: string): ValidSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedError(path, "", `cannot read the seed file (${code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SeedError(path, "", `not valid JSON (${(error as Error).message})`);
  }
  return validateSeed(value, path);
}
