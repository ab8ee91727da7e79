import { randomBytes } from "node:crypto";
import {
  closeSync,
  chmodSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { KaleyraError } from "../errors/kaleyra-error";

/**
 * Writing the flows file so that it is either all there or not there at all, and so that a
 * file someone edited by hand is never replaced by accident.
 *
 * The text goes to a temporary file in the same folder (same file system, so the last step is
 * a rename, never a copy), is flushed to disk, and only then takes the file's name: an
 * interrupted run, a full disk or a crash leave the old file (or no file) as it was.
 */

/** Why the file was not written. Nothing was: no partial file is ever left behind. */
export class OutputError extends KaleyraError {
  /** `exists`: the file appeared meanwhile and replacing it was not asked for; `io`: the file system refused. */
  readonly kind: "exists" | "io";

  constructor(message: string, kind: "exists" | "io", hint: string) {
    super(`${message} ${hint}`, { hint });
    this.kind = kind;
  }
}

/**
 * Writes `text` to `path` atomically.
 *
 * Without `replace`, the final step is a hard link, which fails if the name is taken, so a
 * file created between the command's first check and now is still never replaced. File
 * systems without hard links fall back to a check then a rename. With `replace`, a rename
 * over the old file, which keeps the old file's permission bits.
 *
 * @param shown The file's name as the user gave it, for messages.
 * @throws OutputError; the temporary file is removed in every case.
 */
export function writeFileAtomically(
  path: string,
  text: string,
  options: { readonly replace: boolean; readonly shown: string },
): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    let fd: number;
    try {
      fd = openSync(temporary, "wx", 0o666);
    } catch (error) {
      throw ioError(options.shown, "cannot create a temporary file beside it", error);
    }
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } catch (error) {
      throw ioError(options.shown, "cannot write it", error);
    } finally {
      closeSync(fd);
    }

    if (options.replace) {
      try {
        if (existsSync(path)) chmodSync(temporary, statSync(path).mode & 0o7777);
        renameSync(temporary, path);
      } catch (error) {
        throw ioError(options.shown, "cannot replace it", error);
      }
      return;
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw exists(options.shown);
      // No hard links here (some network and FUSE file systems): check, then rename.
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS")
        throw ioError(options.shown, "cannot write it", error);
      if (existsSync(path)) throw exists(options.shown);
      try {
        renameSync(temporary, path);
      } catch (renameError) {
        throw ioError(options.shown, "cannot write it", renameError);
      }
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed into place, or never created.
    }
  }
}

function exists(shown: string): OutputError {
  return new OutputError(
    `${shown} appeared while discover was running; it was left as it is.`,
    "exists",
    "Pass --force to replace it, or choose another --out.",
  );
}

function ioError(shown: string, what: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "ENOSPC"
        ? "no space left on the device"
        : code === "EROFS"
          ? "read-only file system"
          : (code ?? "unknown error");
  return new OutputError(
    `${shown}: ${what} (${reason}).`,
    "io",
    "Nothing was written: check the folder's permissions and free space, or choose another --out.",
  );
}
