/**
 * Adoption: `pulumi up` on a new stack whose N flows already exist on Kaleyra exactly as
 * declared (what the first apply after `pulumi-kaleyra-flows discover` does). Each create
 * reads the flow, finds nothing to change and sends nothing: one GET per flow, no POST,
 * which is checked on every run.
 */
import type { BenchContext } from "../context";
import { BENCH_SID, flowEntries, freshRevision } from "../flows";
import { progress } from "../progress";
import { BenchStack } from "../stacks";
import { Measured, Run, tag, timedUp } from "./up-runs";

/** Makes the emulator's first `ids` flows hold exactly what revision `revision` declares. */
function holdRevision(ctx: BenchContext, ids: readonly string[], revision: number): void {
  for (const flow of flowEntries(ids, revision)) {
    ctx.emulator.patchFlow(BENCH_SID, flow.flowId, {
      name: flow.name,
      categories: flow.categories,
      endpoint_uri: flow.endpointUri,
    });
  }
}

/**
 * Times the adopting `up` of N flows under `run` (its `kind` must be `package`), `repeats`
 * times, each on a stack made afresh (empty state), with the emulator's latency fault on.
 */
export async function measureAdoption(ctx: BenchContext, run: Run, label: string): Promise<Measured> {
  if (run.kind !== "package") throw new Error("measureAdoption: only the package adopts flows");
  const samples: Measured = [];
  const ids = ctx.ids.slice(0, ctx.flows);
  for (let round = 0; round < ctx.options.repeats; round++) {
    const revision = freshRevision();
    holdRevision(ctx, ids, revision);
    const stack = await BenchStack.create(
      "package",
      ids,
      ctx.nodeModules,
      ctx.emulator.url,
      ctx.options.latencyMs,
      `adopt-${run.id}-${ids.length}`,
    );
    stack.setRevision(revision);
    const fault = ctx.emulator.addFault({ type: "latency", latencyMs: ctx.options.latencyMs });
    try {
      const sample = await timedUp(ctx, stack, run, { gets: 1, posts: 0 });
      samples.push(sample);
      progress(
        `  ${label} ${round + 1}/${ctx.options.repeats} adopting ${ids.length} matching flows (${tag(ctx, run)}${run.skipCheckpoints ? ", no checkpoints" : ""}): ${sample.seconds.toFixed(1)} s, max ${sample.maxInFlight} requests in flight`,
      );
    } finally {
      ctx.emulator.removeFault(fault);
    }
  }
  return samples;
}
