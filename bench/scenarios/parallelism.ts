/**
 * P3, parallelism: `pulumi up` changing all N flows while the emulator takes `latency` ms
 * per request, against the no-op whose update sleeps as long under the same limit, and
 * against the ideal N x latency / min(C, P) (C: the package's concurrency limit, P: the
 * engine's `--parallel`).
 *
 * Then the same with PULUMI_SKIP_CHECKPOINTS=true, which removes the file backend's rewrite
 * of the whole state after every step and leaves the parallelism itself, and a sweep of P
 * and C to see whether raising them speeds up a large `up`.
 */
import { entry, Entry, Target } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import type { BenchContext } from "../context";
import type { BenchStack } from "../stacks";
import { Scenario } from "./scenario";

/** One configuration of `up` to time. */
interface Run {
  readonly id: string;
  readonly kind: "package" | "noop-sleep";
  /** `--parallel`; undefined: the engine's default. */
  readonly parallel?: number;
  /** KALEYRA_CONCURRENCY (both programs read it). */
  readonly concurrency: number;
  readonly skipCheckpoints: boolean;
}

/** Samples of one run configuration. */
interface Measured {
  readonly seconds: number[];
  readonly maxInFlight: number[];
}

/** Time one `up` that changes every flow; checks that the package sent one request per flow. */
async function upAll(ctx: BenchContext, stack: BenchStack, run: Run): Promise<{ seconds: number; maxInFlight: number }> {
  stack.nextRevision();
  ctx.emulator.clearRequests();
  const before = ctx.emulator.stats().totalRequests;
  const env: NodeJS.ProcessEnv = { KALEYRA_CONCURRENCY: String(run.concurrency), ...(run.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}) };
  const timed = await stack.up(env, run.parallel);
  const stats = ctx.emulator.stats();
  const sent = stats.totalRequests - before;
  if (run.kind === "package" && sent !== stack.size) throw new Error(`up of ${stack.size} changed flows sent ${sent} requests, expected one per flow`);
  if (run.id === "default" || run.id === "default-small") ctx.memory.record("P3", stack.kind, stack.size, timed.memory);
  return { seconds: timed.ms / 1000, maxInFlight: stats.maxInFlight };
}

/**
 * Times `runs` on their stacks, `repeats` rounds, alternating the order of runs each round.
 * The emulator's latency fault is on throughout and removed afterwards.
 */
export async function measureRuns(ctx: BenchContext, runs: readonly Run[], stackOf: (run: Run) => Promise<BenchStack>, label: string): Promise<Map<Run, Measured>> {
  const results = new Map<Run, Measured>(runs.map((r) => [r, { seconds: [], maxInFlight: [] }]));
  const stacks = new Map<Run, BenchStack>();
  for (const run of runs) stacks.set(run, await stackOf(run));
  const fault = ctx.emulator.addFault({ type: "latency", latencyMs: ctx.options.latencyMs });
  try {
    for (let round = 0; round < ctx.options.repeats; round++) {
      const order = round % 2 === 0 ? runs : [...runs].reverse();
      for (const run of order) {
        const { seconds, maxInFlight } = await upAll(ctx, stacks.get(run)!, run);
        results.get(run)!.seconds.push(seconds);
        results.get(run)!.maxInFlight.push(maxInFlight);
        progress(`  ${label} ${round + 1}/${ctx.options.repeats} up ${describe(ctx, run)}: ${seconds.toFixed(1)} s, max ${maxInFlight} requests in flight`);
      }
    }
  } finally {
    ctx.emulator.removeFault(fault);
  }
  return results;
}

function parallelOf(ctx: BenchContext, run: Run): number {
  return run.parallel ?? ctx.engineDefaultParallel;
}

function describe(ctx: BenchContext, run: Run): string {
  return `${run.kind} P=${parallelOf(ctx, run)}${run.parallel ? "" : " (default)"} C=${run.concurrency}${run.skipCheckpoints ? " no checkpoints" : ""}`;
}

/** The ideal wall time of the updates alone: N x latency / min(C, P), in seconds. */
function ideal(ctx: BenchContext, run: Run): number {
  return (ctx.flows * ctx.options.latencyMs) / Math.min(run.concurrency, parallelOf(ctx, run)) / 1000;
}

export const parallelism: Scenario = {
  id: "P3",
  title: "parallelism",
  async run(ctx) {
    const C = ctx.concurrency;
    const runs: Run[] = [
      { id: "default", kind: "package", concurrency: C, skipCheckpoints: false },
      { id: "default", kind: "noop-sleep", concurrency: C, skipCheckpoints: false },
      { id: "skip", kind: "package", concurrency: C, skipCheckpoints: true },
      { id: "skip", kind: "noop-sleep", concurrency: C, skipCheckpoints: true },
      // The sweep: does raising the engine's parallelism, the package's limit, or both,
      // speed up a large up? Without checkpoints (their cost would hide the answer), then
      // the most promising setting again with them.
      { id: "sweep", kind: "package", parallel: 32, concurrency: C, skipCheckpoints: true },
      { id: "sweep", kind: "package", parallel: 32, concurrency: 32, skipCheckpoints: true },
      { id: "sweep", kind: "package", parallel: 64, concurrency: 32, skipCheckpoints: true },
      { id: "sweep", kind: "package", parallel: 64, concurrency: 64, skipCheckpoints: true },
      { id: "sweep", kind: "package", parallel: 32, concurrency: 32, skipCheckpoints: false },
    ];
    const measured = await measureRuns(ctx, runs, (run) => ctx.stack(run.kind), "P3");
    const secs = (run: Run) => summarize(measured.get(run)!.seconds);
    const inFlight = (run: Run) => summarize(measured.get(run)!.maxInFlight);
    const find = (id: string, kind: Run["kind"], skip: boolean) => runs.find((r) => r.id === id && r.kind === kind && r.skipCheckpoints === skip)!;
    const [pkg, noop, pkgSkip, noopSkip] = [find("default", "package", false), find("default", "noop-sleep", false), find("skip", "package", true), find("skip", "noop-sleep", true)];
    const N = ctx.flows;
    const lat = ctx.options.latencyMs;
    const P = ctx.engineDefaultParallel;
    const tag = (run: Run) => `P=${parallelOf(ctx, run)} C=${run.concurrency}`;
    const target: Target = { op: "<=", bound: 1.1 };

    const entries: Entry[] = [
      entry(`P3 up, ${N} flows changed, ${lat} ms/request (${tag(pkg)})`, "s", secs(pkg), secs(noop), target, `pulumi up wall time at the engine's default --parallel (${P}) and the package's default concurrency: FlowMetadata vs the no-op sleeping ${lat} ms per update under the same limit`, 2),
      entry(`P3 same, vs ideal N x ${lat} ms / min(C, P)`, "s", secs(pkg), summarize([ideal(ctx, pkg)]), null, "the FlowMetadata up against the time its requests alone would take at full parallelism", 2),
      entry(`P3 no-op sleeping, vs ideal`, "s", secs(noop), summarize([ideal(ctx, noop)]), null, "the engine's own overhead on the same up", 2),
      entry(`P3 max requests in flight (${tag(pkg)})`, "requests", inFlight(pkg), summarize([Math.min(pkg.concurrency, P)]), null, "the emulator's highest count of concurrent requests during the up, against min(C, P)", 0),
      entry(`P3 up without checkpoints (${tag(pkgSkip)})`, "s", secs(pkgSkip), secs(noopSkip), null, "the same up with PULUMI_SKIP_CHECKPOINTS=true (no state rewrite per step): the provider's parallelism alone", 2),
      entry(`P3 up without checkpoints, vs ideal`, "s", secs(pkgSkip), summarize([ideal(ctx, pkgSkip)]), null, "FlowMetadata up without checkpoints against N x latency / min(C, P)", 2),
    ];
    for (const run of runs.filter((r) => r.id === "sweep")) {
      const base = run.skipCheckpoints ? pkgSkip : pkg;
      const mode = run.skipCheckpoints ? "without checkpoints" : "with checkpoints";
      entries.push(
        entry(`P3 sweep ${tag(run)} ${mode}, vs ${tag(base)}`, "s", secs(run), secs(base), null, `FlowMetadata up with --parallel ${run.parallel} and KALEYRA_CONCURRENCY=${run.concurrency}; ratio < 1 is faster than the defaults; ideal ${ideal(ctx, run).toFixed(2)} s`, 2),
        entry(`P3 sweep ${tag(run)} ${mode}, max requests in flight`, "requests", inFlight(run), summarize([Math.min(run.concurrency, parallelOf(ctx, run))]), null, "concurrent requests seen by the emulator against min(C, P)", 0),
      );
    }
    return entries;
  },
};
