/**
 * Memory: peak resident memory of the dynamic-provider process, the program process and the
 * CLI during P1 (preview) and P3 (up), and what each costs per added flow: the slope of a
 * least-squares line through the peaks at several sizes (N/5, N/2 and N: 100, 250 and 500
 * flows when N is 500; every repeat is a point), for FlowMetadata and for the no-op
 * baseline alike, with the fit's R² and the slope's 95% confidence interval, so a noisy fit
 * shows as one. A ratio of two peaks (say 500 against 100 flows) could not fail
 * meaningfully: a process's fixed size (node, the SDK) dwarfs what the flows add.
 *
 * Target, for the provider and the program process: at most the no-op's KiB per flow plus
 * {@link MARGIN_KIB_PER_FLOW}. The no-op runs the same engine, SDK and inputs, so its slope
 * is Pulumi's own cost per flow; what FlowMetadata adds on top is the package's. The package
 * keeps nothing per flow between calls (a client per call, one limiter per account), so that
 * should be about zero; the margin bounds what it may cost: 16 KiB per flow is 160 MiB for a
 * stack of 10,000 flows, a tenth of a small CI runner's memory, and well above the sampling
 * noise of one peak (a 100 ms sample on a process whose heap breathes by a few MiB).
 *
 * The peaks at N come from the P1 and P3 runs themselves (sampled from /proc while they
 * ran); this scenario runs the same preview and up on stacks of the smaller sizes. Then it
 * looks inside the provider's code (provider-heap.ts): what a process running it keeps per
 * flow after a garbage collection, against what its peak reaches.
 */
import type { BenchContext } from "../context";
import { linearFit, LinearFit } from "../fit";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import type { StackKind } from "../stacks";
import { memorySizes, slopeEntry } from "./per-flow";
import { providerHeap } from "./provider-heap";
import { interleaved, Scenario } from "./scenario";
import { measureRuns, Run } from "./up-runs";

/** How many KiB per flow FlowMetadata's processes may add to the no-op's (see the header). */
export const MARGIN_KIB_PER_FLOW = 16;

/** Each measured phase and its baseline stack. */
const PHASES: ReadonlyArray<{ phase: "P1" | "P3"; what: string; baseline: StackKind }> = [
  { phase: "P1", what: "preview", baseline: "noop" },
  { phase: "P3", what: "up", baseline: "noop-sleep" },
];

/** Roles reported; the engine's slope is Pulumi's alone, so it has no target. */
const ROLES: ReadonlyArray<{ role: string; what: string; target: boolean }> = [
  { role: "provider", what: "dynamic-provider process", target: true },
  { role: "program", what: "program process", target: true },
  { role: "engine", what: "pulumi CLI (engine)", target: false },
];

/** Every peak of one phase, stack kind and role at each size, as points (flows, MiB). */
function points(ctx: BenchContext, phase: string, kind: StackKind, role: string, sizes: readonly number[]) {
  return sizes.flatMap((n) => ctx.memory.get(phase, kind, n, role).map((mib) => ({ x: n, y: mib })));
}

/** The fit of `pts`, or null when they do not define a line (one size only, or none). */
function tryFit(pts: ReadonlyArray<{ x: number; y: number }>): LinearFit | null {
  return new Set(pts.map((p) => p.x)).size >= 2 ? linearFit(pts) : null;
}

export const memory: Scenario = {
  id: "MEM",
  title: "memory",
  async run(ctx) {
    const N = ctx.flows;
    const sizes = memorySizes(N);
    const smaller = sizes.filter((n) => n < N);
    const ranAtN = PHASES.filter(({ phase }) => ctx.memory.get(phase, "package", N, "provider").length > 0);
    if (ranAtN.length === 0)
      throw new Error("no memory samples at N: run P1 and/or P3 with MEM (they provide the figures at N)");

    for (const n of smaller) {
      if (ranAtN.some((p) => p.phase === "P1")) {
        const stacks = { package: await ctx.stack("package", n), noop: await ctx.stack("noop", n) };
        await interleaved(["package", "noop"] as const, ctx.options.repeats, async (kind, round) => {
          const timed = await stacks[kind].previewNoChanges();
          ctx.memory.record("P1", kind, n, timed.memory);
          progress(
            `  MEM ${round + 1}/${ctx.options.repeats} preview of ${n} flows, ${kind}: ${(timed.ms / 1000).toFixed(1)} s`,
          );
          return timed.ms;
        });
      }
      if (ranAtN.some((p) => p.phase === "P3")) {
        // The same runs as P3's first two (default settings, checkpoints on), at n flows.
        const runs: Run[] = [
          { id: `default-${n}`, kind: "package", skipCheckpoints: false, recordMemory: true },
          { id: `default-${n}`, kind: "noop-sleep", skipCheckpoints: false, recordMemory: true },
        ];
        await measureRuns(ctx, runs, (run) => ctx.stack(run.kind, n), `MEM ${n} flows`);
      }
    }

    const entries: Entry[] = [];
    for (const { phase, what, baseline } of ranAtN) {
      for (const { role, what: process, target } of ROLES) {
        const atN = ctx.memory.get(phase, "package", N, role);
        const atBase = ctx.memory.get(phase, baseline, N, role);
        if (atN.length === 0) continue;
        entries.push(
          entry(
            `MEM ${phase} ${what} ${role} peak RSS, ${N} flows`,
            "MiB",
            summarize(atN),
            atBase.length ? summarize(atBase) : null,
            null,
            `peak VmRSS/VmHWM of the ${process}: FlowMetadata stack vs the ${baseline} stack`,
            1,
            `MEM.${phase}.${role}.peak`,
          ),
        );
        const fit = tryFit(points(ctx, phase, "package", role, sizes));
        if (!fit) continue;
        const base = tryFit(points(ctx, phase, baseline, role, sizes));
        entries.push(
          slopeEntry(
            `MEM.${phase}.${role}.per-flow`,
            `MEM ${phase} ${what} ${role}, per added flow`,
            fit,
            base,
            target ? MARGIN_KIB_PER_FLOW : null,
            `slope of a least-squares line through the peak RSS of the ${process} at ${sizes.join(", ")} flows (${fit.points} points: every repeat), with its 95% confidence interval and R²: FlowMetadata vs the ${baseline} stack${target ? `; target: at most the no-op's slope + ${MARGIN_KIB_PER_FLOW} KiB/flow` : ""}`,
          ),
        );
      }
    }
    entries.push(...(await providerHeap(ctx)));
    return entries;
  },
};
