/**
 * Memory: peak resident memory of the dynamic-provider process and of the program process
 * during P1 (preview) and P3 (up) at N flows, against the no-op baseline, and how each grows
 * from N/5 to N flows (at worst linearly: a ratio of at most 5).
 *
 * The peaks at N come from the P1 and P3 runs themselves (sampled from /proc while they ran);
 * this scenario adds the same preview and up on a stack of N/5 flows.
 */
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import type { StackKind } from "../stacks";
import { measureRuns } from "./parallelism";
import { Scenario } from "./scenario";

/** Each measured phase and its baseline stack. */
const PHASES: ReadonlyArray<{ phase: "P1" | "P3"; what: string; baseline: StackKind }> = [
  { phase: "P1", what: "preview", baseline: "noop" },
  { phase: "P3", what: "up", baseline: "noop-sleep" },
];

/** Roles reported, the first two with a growth target. */
const ROLES: ReadonlyArray<{ role: string; what: string }> = [
  { role: "provider", what: "dynamic-provider process" },
  { role: "program", what: "program process" },
  { role: "engine", what: "pulumi CLI (engine)" },
];

export const memory: Scenario = {
  id: "MEM",
  title: "memory",
  async run(ctx) {
    const N = ctx.flows;
    const n = ctx.smallFlows;
    const ranAtN = PHASES.filter(({ phase }) => ctx.memory.get(phase, "package", N, "provider").length > 0);
    if (ranAtN.length === 0) throw new Error("no memory samples at N: run P1 and/or P3 with MEM (they provide the figures at N)");

    const small = await ctx.stack("package", n);
    if (ranAtN.some((p) => p.phase === "P1")) {
      for (let round = 0; round < ctx.options.repeats; round++) {
        const timed = await small.previewNoChanges();
        ctx.memory.record("P1", "package", n, timed.memory);
        progress(`  MEM ${round + 1}/${ctx.options.repeats} preview of ${n} flows: ${(timed.ms / 1000).toFixed(1)} s`);
      }
    }
    if (ranAtN.some((p) => p.phase === "P3")) {
      const run = { id: "default-small", kind: "package" as const, concurrency: ctx.concurrency, skipCheckpoints: false };
      await measureRuns(ctx, [run], () => Promise.resolve(small), "MEM");
    }

    const entries: Entry[] = [];
    for (const { phase, what, baseline } of ranAtN) {
      for (const { role, what: process } of ROLES) {
        const atN = ctx.memory.get(phase, "package", N, role);
        const atBase = ctx.memory.get(phase, baseline, N, role);
        const atSmall = ctx.memory.get(phase, "package", n, role);
        if (atN.length === 0) continue;
        entries.push(
          entry(`MEM ${phase} ${what} ${role} peak RSS, ${N} flows`, "MiB", summarize(atN), atBase.length ? summarize(atBase) : null, null, `peak VmRSS/VmHWM of the ${process}: FlowMetadata stack vs the ${baseline} stack`, 1),
        );
        if (atSmall.length > 0 && role !== "engine" && n < N) {
          const grown = summarize(atN).median - summarize(atSmall).median;
          entries.push(
            entry(
              `MEM ${phase} ${what} ${role} growth ${n} -> ${N} flows`,
              "MiB",
              summarize(atN),
              summarize(atSmall),
              { op: "<=", bound: N / n },
              `peak at ${N} flows vs at ${n}: linear growth would be a ratio of ${N / n}; ${((grown * 1024) / (N - n)).toFixed(1)} KiB per added flow`,
              1,
            ),
          );
        }
      }
    }
    return entries;
  },
};
