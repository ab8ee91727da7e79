/** Where a run happened: every ratio is only comparable with runs on a similar machine. */
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { REPO_ROOT } from "../tests/support/paths";

/** The machine and run parameters recorded with the results. */
export interface Machine {
  readonly cpus: number;
  readonly model: string;
  /** Total memory, in GiB. */
  readonly memGiB: number;
  readonly node: string;
  readonly pulumi: string;
  /** The engine's `--parallel` default on this machine (`pulumi up --help`). */
  readonly engineDefaultParallel: number;
  /** The package's default `kaleyra:concurrency` / KALEYRA_CONCURRENCY. */
  readonly packageDefaultConcurrency: number;
  readonly N: number;
  readonly repeats: number;
  /** Latency the emulator added to each request in P3, in ms. */
  readonly latencyMs: number;
  readonly os: string;
  /** 1-minute load average when the run started: other work on a shared machine. */
  readonly loadAverage: number;
  readonly date: string;
}

/** Describes this machine and run. */
export function describeMachine(
  run: Pick<Machine, "pulumi" | "engineDefaultParallel" | "packageDefaultConcurrency" | "N" | "repeats" | "latencyMs">,
): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? "unknown",
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
    ...run,
  };
}

/**
 * The code a run measured: the commit checked out and the files that differed from it when
 * the run started (others may be editing the same checkout), at most 50 of them.
 */
export function describeSource(): { commit: string; uncommitted: string[] } {
  // Synchronous and with no stdin: git exits at once, and writing to its closed stdin (as
  // tests/support/run does) can fail with EPIPE.
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
      return undefined;
    }
  };
  const head = git(["rev-parse", "HEAD"]);
  const status = git(["status", "--porcelain", "--untracked-files=all"]);
  return {
    commit: head?.trim() || "unknown (not a git checkout)",
    uncommitted: (status ?? "").split("\n").filter(Boolean).slice(0, 50),
  };
}
