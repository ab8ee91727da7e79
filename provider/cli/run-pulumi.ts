import { spawn } from "node:child_process";
import { escapeControls } from "../text/quote";
import type { CliIo } from "./io";

/**
 * Running the Pulumi CLI for a command (`plugin install`, `migrate-to-native`): each command
 * line printed first, as a user would type it; pulumi's stderr (and, when asked, its stdout)
 * relayed as it comes, a whole line at a time, indented; its stdout kept for the caller.
 */

/** How a pulumi run ended: its exit status, or why it did not run or was killed; what it printed on stdout. */
export interface PulumiRun {
  readonly code: number | string;
  readonly stdout: string;
}

/** Options of {@link runPulumi}. */
export interface RunPulumiOptions {
  /** Relay pulumi's stdout too (it is always kept). */
  readonly relay: boolean;
  /** The folder pulumi runs in; default the process's. */
  readonly cwd?: string;
}

/** Runs pulumi with `args`, after printing the command on stdout. */
export function runPulumi(
  pulumi: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: RunPulumiOptions,
): Promise<PulumiRun> {
  io.stdout(`Running: ${[pulumi, ...args].map(showArg).join(" ")}\n`);
  return new Promise((resolve) => {
    let stdout = "";
    const child = spawn(pulumi, [...args], {
      env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const stderrLines = lineRelay(io);
    const stdoutLines = lineRelay(io);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (options.relay) stdoutLines.push(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderrLines.push(chunk));
    let failed: string | undefined;
    child.on("error", (error: NodeJS.ErrnoException) => (failed = `it could not be started: ${error.code ?? "error"}`));
    child.on("close", (code, signal) => {
      stderrLines.end();
      stdoutLines.end();
      resolve({ code: failed ?? code ?? `killed by ${signal ?? "a signal"}`, stdout });
    });
  });
}

/** A run's ending, for messages: "exit status 1", or why it did not run. */
export function endingOf(run: PulumiRun): string {
  return typeof run.code === "number" ? `exit status ${run.code}` : run.code;
}

/** Writes text to our stderr a whole line at a time, indented by two spaces. */
function lineRelay(io: CliIo): { push(chunk: string): void; end(): void } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk;
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      io.stderr(indent(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    end() {
      if (pending) io.stderr(indent(`${pending}\n`));
      pending = "";
    },
  };
}

/** Text indented by two spaces a line, control characters escaped. */
export function indent(text: string): string {
  return text
    .split("\n")
    .map((line, index, lines) => (index === lines.length - 1 && line === "" ? "" : `  ${escapeControls(line)}\n`))
    .join("");
}

/** An argument as a shell would take it back: as it is when plain, else in single quotes. */
function showArg(arg: string): string {
  const shown = escapeControls(arg);
  return /^[A-Za-z0-9_@%+=:,./\\-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}
