import { spawn } from "node:child_process";

/** What a finished command printed and how it ended. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for searching. */
  readonly output: string;
  readonly ms: number;
}

/**
 * Runs a command without blocking the event loop (an in-process emulator must keep
 * answering while the Pulumi CLI talks to it). Never throws on a non-zero exit.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[run] killed after ${options.timeoutMs} ms`;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}`, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}
