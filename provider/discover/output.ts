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
  writeFilesAtomically([{ path, text, shown: options.shown }], { replace: options.replace });
}

/** One file of {@link writeFilesAtomically}. */
export interface FileToWrite {
  readonly path: string;
  readonly text: string;
  /** Its name as the user would give it, for messages. */
  readonly shown: string;
}

/**
 * Writes several files as one: every file is written to a temporary file beside it and
 * flushed first, and only then do they take their names, in order (so the last one, the
 * flows file, appears only once the files it names are in place). If any step fails, the
 * files already put in place are taken back: a new one removed, a replaced one restored from
 * a hard link kept to it (where the file system has none, a replaced file cannot be restored).
 *
 * @throws OutputError; no temporary file or backup is left behind in any case.
 */
export function writeFilesAtomically(files: readonly FileToWrite[], options: { readonly replace: boolean }): void {
  const staged: Array<FileToWrite & { readonly temporary: string }> = [];
  const placed: Placed[] = [];
  try {
    for (const file of files) staged.push({ ...file, temporary: stage(file) });
    for (const file of staged) placed.push(place(file, options.replace));
  } catch (error) {
    for (const done of placed.reverse()) undo(done);
    throw error;
  } finally {
    for (const { temporary } of staged) removeQuietly(temporary);
    for (const { backup } of placed) if (backup) removeQuietly(backup);
  }
}

/** A file put in place: whether it is new, and the hard link to the file it replaced, if any. */
interface Placed {
  readonly path: string;
  readonly created: boolean;
  readonly backup?: string;
}

/** A name beside `path` that nothing else uses: hidden, and named for what it is. */
function besidePath(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.${suffix}`);
}

/** Writes the file's text to a new temporary file beside it, flushed; returns its path. */
function stage(file: FileToWrite): string {
  const temporary = besidePath(file.path, "tmp");
  let fd: number;
  try {
    fd = openSync(temporary, "wx", 0o666);
  } catch (error) {
    throw ioError(file.shown, "cannot create a temporary file beside it", error);
  }
  try {
    writeSync(fd, file.text);
    fsyncSync(fd);
  } catch (error) {
    removeQuietly(temporary);
    throw ioError(file.shown, "cannot write it", error);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

/** Gives a staged file its name. */
function place(file: FileToWrite & { readonly temporary: string }, replace: boolean): Placed {
  const { path, temporary, shown } = file;
  if (replace) {
    const existed = existsSync(path);
    let backup: string | undefined;
    try {
      if (existed) {
        chmodSync(temporary, statSync(path).mode & 0o7777);
        backup = keepBackup(path);
      }
      renameSync(temporary, path);
    } catch (error) {
      if (backup) removeQuietly(backup);
      throw ioError(shown, "cannot replace it", error);
    }
    return { path, created: !existed, backup };
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw exists(shown);
    // No hard links here (some network and FUSE file systems): check, then rename.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS")
      throw ioError(shown, "cannot write it", error);
    if (existsSync(path)) throw exists(shown);
    try {
      renameSync(temporary, path);
    } catch (renameError) {
      throw ioError(shown, "cannot write it", renameError);
    }
  }
  return { path, created: true };
}

/** A hard link to the file about to be replaced, to restore it if a later file fails; none where links fail. */
function keepBackup(path: string): string | undefined {
  const backup = besidePath(path, "bak");
  try {
    linkSync(path, backup);
    return backup;
  } catch {
    return undefined;
  }
}

/** Takes a placed file back: removes a new one, restores a replaced one from its backup. */
function undo(done: Placed): void {
  try {
    if (done.created) unlinkSync(done.path);
    else if (done.backup) renameSync(done.backup, done.path);
  } catch {
    // Best effort: the error that made the write fail is the one reported.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already renamed into place, or never created.
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
