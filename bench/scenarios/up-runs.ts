/**
 * Timed `pulumi up`s that change every flow of a stack, with the emulator adding `latency`
 * ms to each request: what P3, P5 and MEM measure. Each up moves the stack's flows to a
 * revision nobody has written, so every flow really changes; for the package that is one
 * Get Flow Details and one Update Flow Metadata per flow, which is checked on every run.
 */
import * as path from "node:path";
import type { BenchContext } from "../context";
import { progress } from "../progress";
import { requestTiming, RequestTiming } from "../request-timing";
import { sendsRequests, type BenchStack } from "../stacks";

/** One configuration of `up` to time. */
export interface Run {
  /** Tells runs of the same kind apart, e.g. `default`, `template`. */
  readonly id: string;
  /** `native`: the package's FlowMetadata on the native provider (N2, N3). */
  readonly kind: "package" | "noop-sleep" | "native";
  /** `--parallel`; undefined: the engine's default. */
  readonly parallel?: number;
  /**
   * KALEYRA_CONCURRENCY (both programs read it); undefined leaves it unset, so the package
   * runs at its own default, as a pipeline that does not set it.
   */
  readonly concurrency?: number;
  readonly skipCheckpoints: boolean;
  /** Record the processes' peaks as MEM's P3 figures for this stack. */
  readonly recordMemory?: boolean;
}

/** One timed up. */
export interface UpSample {
  readonly seconds: number;
  readonly maxInFlight: number;
  /** Only for the package, dynamic or native (the no-op sends nothing). */
  readonly requests?: RequestTiming;
  /** CPU seconds during the up, by role (engine, program, provider), plus `bench`: this process, which runs the emulator. */
  readonly cpuSeconds: Record<string, number>;
  /** Peak resident memory during the up, in MiB, by role (engine, program, provider). */
  readonly peakMiB: Record<string, number>;
}

/** The samples of one run configuration, in run order. */
export type Measured = UpSample[];

/** The engine's `--parallel` of `run` (its default when not given). */
export function parallelOf(ctx: BenchContext, run: Run): number {
  return run.parallel ?? ctx.engineDefaultParallel;
}

/** The package's concurrency limit in force for `run`. */
export function concurrencyOf(ctx: BenchContext, run: Run): number {
  return run.concurrency ?? ctx.concurrency;
}

/** `P=8 C=16`, as entry names show a run's limits. */
export function tag(ctx: BenchContext, run: Run): string {
  return `P=${parallelOf(ctx, run)} C=${concurrencyOf(ctx, run)}`;
}

function describe(ctx: BenchContext, run: Run): string {
  return `${run.kind} P=${parallelOf(ctx, run)}${run.parallel ? "" : " (default)"} C=${concurrencyOf(ctx, run)}${run.concurrency === undefined ? " (default)" : ""}${run.skipCheckpoints ? " no checkpoints" : ""}`;
}

/**
 * The ideal wall time of the requests alone, in seconds: N x requests per flow x latency /
 * min(C, P), every slot busy from the first request to the last.
 */
export function ideal(ctx: BenchContext, run: Run, requestsPerFlow: number, flows = ctx.flows): number {
  return (
    (flows * requestsPerFlow * ctx.options.latencyMs) / Math.min(concurrencyOf(ctx, run), parallelOf(ctx, run)) / 1000
  );
}

/** The environment of `run`'s up. */
export function envOf(ctx: BenchContext, run: Run): NodeJS.ProcessEnv {
  // The no-op's limiter has no default of its own worth trusting: always tell it.
  const concurrency = run.kind === "noop-sleep" ? concurrencyOf(ctx, run) : run.concurrency;
  return {
    ...(concurrency !== undefined ? { KALEYRA_CONCURRENCY: String(concurrency) } : {}),
    ...(run.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
    ...cpuProfileEnv(),
  };
}

/**
 * With BENCH_CPU_PROF_DIR set (an absolute path), the dynamic-provider process of every timed
 * up writes a V8 CPU profile there when it exits (cpu-profile-preload.js): for finding where
 * its CPU goes. The profiler costs CPU itself, so such a run's figures are not comparable.
 */
function cpuProfileEnv(): NodeJS.ProcessEnv {
  return process.env.BENCH_CPU_PROF_DIR
    ? { NODE_OPTIONS: `--require=${path.join(__dirname, "..", "cpu-profile-preload.js")}` }
    : {};
}

/**
 * Times one `up` of `stack` under `run`; the emulator's log and in-flight count start empty.
 * `expect` says how many reads and writes per flow the package must send; anything else
 * means the scenario measured something other than it says, and throws.
 */
export async function timedUp(
  ctx: BenchContext,
  stack: BenchStack,
  run: Run,
  expect: { gets: number; posts: number },
): Promise<UpSample> {
  ctx.emulator.clearRequests();
  const cpuBefore = process.cpuUsage();
  const startedAt = Date.now();
  const timed = await stack.up(envOf(ctx, run), run.parallel);
  const cpu = process.cpuUsage(cpuBefore);
  const stats = ctx.emulator.stats();
  const cpuSeconds: Record<string, number> = { bench: (cpu.user + cpu.system) / 1e6 };
  const peakMiB: Record<string, number> = {};
  for (const [role, peak] of Object.entries(timed.memory)) {
    cpuSeconds[role] = peak.cpuSeconds;
    peakMiB[role] = peak.peakMiB;
  }
  if (run.recordMemory) ctx.memory.record("P3", stack.kind, stack.size, timed.memory);
  let requests: RequestTiming | undefined;
  if (sendsRequests(stack.kind)) {
    if (stats.droppedEntries > 0)
      throw new Error(
        `the emulator's request log dropped ${stats.droppedEntries} entries: the counts below would be short`,
      );
    requests = requestTiming(ctx.emulator.requests(), startedAt, timed.ms, ctx.options.latencyMs);
    const wanted = { gets: expect.gets * stack.size, posts: expect.posts * stack.size };
    if (requests.gets !== wanted.gets || requests.posts !== wanted.posts) {
      throw new Error(
        `up of ${stack.size} flows (${describe(ctx, run)}) sent ${requests.gets} GET and ${requests.posts} POST, expected ${wanted.gets} and ${wanted.posts}`,
      );
    }
  }
  return { seconds: timed.ms / 1000, maxInFlight: stats.maxInFlight, requests, cpuSeconds, peakMiB };
}

/**
 * Times `runs` on their stacks, `repeats` rounds, alternating the order of runs each round;
 * every up changes every flow. The emulator's latency fault is on throughout and removed
 * afterwards.
 */
export async function measureRuns(
  ctx: BenchContext,
  runs: readonly Run[],
  stackOf: (run: Run) => Promise<BenchStack>,
  label: string,
): Promise<Map<Run, Measured>> {
  const results = new Map<Run, Measured>(runs.map((r) => [r, []]));
  const stacks = new Map<Run, BenchStack>();
  for (const run of runs) stacks.set(run, await stackOf(run));
  const fault = ctx.emulator.addFault({ type: "latency", latencyMs: ctx.options.latencyMs });
  try {
    for (let round = 0; round < ctx.options.repeats; round++) {
      const order = round % 2 === 0 ? runs : [...runs].reverse();
      for (const run of order) {
        const stack = stacks.get(run)!;
        stack.nextRevision();
        const sample = await timedUp(ctx, stack, run, { gets: 1, posts: 1 });
        results.get(run)!.push(sample);
        progress(
          `  ${label} ${round + 1}/${ctx.options.repeats} up ${describe(ctx, run)}: ${sample.seconds.toFixed(1)} s, max ${sample.maxInFlight} requests in flight`,
        );
      }
    }
  } finally {
    ctx.emulator.removeFault(fault);
  }
  return results;
}
