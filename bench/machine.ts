/** Where a run happened: every ratio is only comparable with runs on a similar machine. */
import * as os from "node:os";

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
export function describeMachine(run: Pick<Machine, "pulumi" | "engineDefaultParallel" | "packageDefaultConcurrency" | "N" | "repeats" | "latencyMs">): Machine {
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
