import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigurationError } from "../../errors";

/**
 * A Flow JSON read from a file by {@link flowJsonFile}: its text, and the path as the program
 * wrote it, so problems are reported as `flows/sign-up.json line 12, column 5`.
 */
export class FlowJsonFile {
  /** @internal use {@link flowJsonFile} */
  constructor(
    /** The path as given, with forward slashes. */
    readonly path: string,
    /** The file's text, as read. */
    readonly text: string,
  ) {}
}

/**
 * The Flow JSON of a file, for `new kaleyra.Flow(..., { flowJson: kaleyra.flowJsonFile("flows/sign-up.json") })`.
 * The path is relative to the Pulumi program's directory (where `pulumi` runs it). The file is
 * read now, while the program runs; its problems (syntax, Meta's rules) are reported by
 * `pulumi preview` with the file's name, line and column.
 *
 * @throws ConfigurationError when the file cannot be read.
 */
export function flowJsonFile(file: string): FlowJsonFile {
  const shown = file.split(path.sep).join("/");
  try {
    return new FlowJsonFile(shown, fs.readFileSync(path.resolve(file), "utf8"));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${String(code ?? "error")})`;
    throw new ConfigurationError(
      "flowJson",
      `flowJsonFile(${JSON.stringify(shown)}): the file ${why}`,
      "Give the path of a Flow JSON file relative to the Pulumi program's directory (where Pulumi.yaml is).",
    );
  }
}
