import { readFileSync, statSync } from "node:fs";
import { dirname, posix, resolve, win32 } from "node:path";
import {
  type FlowJsonContext,
  type FlowJsonProblem,
  MAX_FLOW_JSON_BYTES,
  parseFlowJson,
  validateFlowJson,
} from "../flow-json";
import { bad, type Checked, ok } from "../rules";
import { escapeControls, quote, show } from "../text/quote";
import type { FlowsFileProblem } from "./problems";

/**
 * The Flow JSON file an entry of a flows file names with `flowJson`: the path checked, the
 * file read once, and its problems (provider/flow-json's, the same `pulumi preview` reports)
 * turned into flows-file problems that carry the JSON file's own name, line and column, every
 * one at once. Also the check of a Flow JSON file on its own, for `validate --flow-json`.
 */

/**
 * Reads a Flow JSON file given its absolute path, or throws as node:fs does (an error with a
 * `code`). The checker takes one so that a file can be checked before it is written (discover).
 */
export type FlowJsonReader = (path: string) => string;

/** A file far past Meta's cap is refused unread: reading it would only cost memory, and it cannot be uploaded. */
const READ_LIMIT_BYTES = 2 * MAX_FLOW_JSON_BYTES;

/** Reads a Flow JSON file from disk: a regular file only (a FIFO would block), and none far past Meta's cap. */
export const readFlowJsonFromDisk: FlowJsonReader = (path) => {
  const stats = statSync(path);
  if (!stats.isFile())
    throw Object.assign(new Error("not a file"), { code: stats.isDirectory() ? "EISDIR" : "ENOTFILE" });
  if (stats.size > READ_LIMIT_BYTES) throw Object.assign(new Error("too large"), { code: "EFBIG" });
  return readFileSync(path, "utf8");
};

/** What `flowJson` holds in a flows file: a path, relative to the flows file's folder. */
export function checkFlowJsonPath(value: unknown): Checked<string> {
  const example = "e.g. flowJson: flows/sign-up.json";
  if (typeof value !== "string" || value.trim() === "") {
    return bad(
      `flowJson must be the path of the flow's Flow JSON file, relative to this flows file's folder (${example}), ` +
        `got ${show(value)}.`,
    );
  }
  if (posix.isAbsolute(value) || win32.isAbsolute(value)) {
    return bad(
      `flowJson ${quote(value)} is an absolute path: write it relative to this flows file's folder (${example}), ` +
        `so that the repository works on every machine and the path in the stack's state stays the same.`,
    );
  }
  return ok(value);
}

/** Where a `flowJson` path leads: the file as problems name it, and the file itself. */
export interface FlowJsonLocation {
  /** The flows file's folder joined with the path, forward slashes: what problems and the stack show. */
  readonly shown: string;
  /** The absolute path read. */
  readonly path: string;
}

/**
 * Resolves a checked `flowJson` path against the flows file's folder.
 *
 * @param fileName The flows file as named to the checker (relative to the working folder, or absolute).
 * @param baseDir The folder to resolve against, when it is not the flows file's own (discover, stdin).
 */
export function locateFlowJson(value: string, fileName: string, baseDir?: string): FlowJsonLocation {
  const folder = dirname(fileName).split(win32.sep).join("/");
  return {
    shown: posix.normalize(posix.join(folder, value.split(win32.sep).join("/"))),
    path: resolve(baseDir ?? dirname(fileName), value),
  };
}

/** The outcome of reading a Flow JSON file: its text, or why it cannot be read (one line, for a problem). */
export type FlowJsonRead =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Reads the file at `location` with `reader`; never throws. */
export function readFlowJson(location: FlowJsonLocation, reader: FlowJsonReader): FlowJsonRead {
  try {
    return { ok: true, text: reader(location.path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : code === "ENOTFILE"
            ? "is not a regular file"
            : code === "EFBIG"
              ? `is more than ${READ_LIMIT_BYTES / 1024 / 1024} MiB, far more than the 10 MiB Meta accepts`
              : code === "EACCES" || code === "EPERM"
                ? "cannot be read (permission denied)"
                : `cannot be read (${escapeControls(String(code ?? (error as Error).message))})`;
    return { ok: false, reason: `the file ${escapeControls(location.shown)} ${why}` };
  }
}

/**
 * Every problem of a Flow JSON's text, as provider/flow-json finds them (syntax with its line
 * and column; size; version; screens; components; navigation; the endpoint): the same checks
 * the Flow resource's `check` runs at `pulumi preview`.
 */
export function flowJsonTextProblems(text: string, context: FlowJsonContext): FlowJsonProblem[] {
  const parsed = parseFlowJson(text);
  return parsed.ok ? validateFlowJson(parsed.value, context, text) : parsed.problems;
}

/**
 * A Flow JSON problem as a flows-file problem in `file` (the JSON file), at its line and
 * column (line 0 when it has none: about the whole file), its JSON pointer kept.
 *
 * @param prefix Starts the message, e.g. `flowJson of flows.sign-up (flows.yaml line 9): `.
 */
export function asFlowsFileProblem(problem: FlowJsonProblem, file: string, prefix = ""): FlowsFileProblem {
  return {
    file,
    line: problem.line ?? 0,
    ...(problem.column !== undefined ? { column: problem.column } : {}),
    path: "",
    pointer: problem.pointer,
    message: `${prefix}${problem.message}`,
  };
}

/**
 * Checks one Flow JSON file on its own (`validate --flow-json`), for editors and pre-commit
 * hooks. Its flow's endpoint is not known here, so the rules that tie the JSON to the endpoint
 * are left to the flows file that names it.
 *
 * @param file The file as named on the command line; problems carry it.
 */
export function checkFlowJsonText(text: string, file: string): FlowsFileProblem[] {
  return flowJsonTextProblems(text, { endpointUri: "unknown" }).map((problem) => asFlowsFileProblem(problem, file));
}
