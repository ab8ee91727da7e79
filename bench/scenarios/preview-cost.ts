/**
 * P1, preview cost: what a pull request's `pulumi preview` of N FlowMetadata costs, nothing
 * changed, against the same preview of N no-op dynamic resources with the same inputs.
 * Both previews run check and diff for every resource and call nothing.
 */
import { PREVIOUS_RELEASE } from "../reference";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";

export const previewCost: Scenario = {
  id: "P1",
  title: "preview cost",
  async run(ctx) {
    const stacks = { package: await ctx.stack("package"), noop: await ctx.stack("noop") };
    const requestsBefore = ctx.emulator.stats().totalRequests;
    const samples = await interleaved(["package", "noop"] as const, ctx.options.repeats, async (kind, round) => {
      const stack = stacks[kind];
      // --expect-no-changes: a preview that found a change would be measuring something else.
      const timed = await stack.previewNoChanges();
      ctx.memory.record("P1", kind, stack.size, timed.memory);
      progress(`  P1 ${round + 1}/${ctx.options.repeats} preview ${kind}: ${(timed.ms / 1000).toFixed(1)} s`);
      return timed.ms / 1000;
    });
    const sent = ctx.emulator.stats().totalRequests - requestsBefore;
    if (sent !== 0) throw new Error(`preview sent ${sent} requests to Kaleyra; it must send none`);
    const entries: Entry[] = [
      entry(
        `P1 preview, ${ctx.flows} flows, no changes`,
        "s",
        summarize(samples.package),
        summarize(samples.noop),
        { op: "<=", bound: 1.05 },
        "`pulumi preview --expect-no-changes` wall time: FlowMetadata stack vs the same stack of no-op dynamic resources",
        2,
        "P1.preview",
      ),
    ];
    const prev = PREVIOUS_RELEASE;
    if (ctx.flows === prev.flows) {
      entries.push(
        entry(
          `P1 no-op preview, vs the ${prev.version} run (the machine then)`,
          "s",
          summarize(samples.noop),
          { ...prev.noopPreview, samples: [prev.noopPreview.median] },
          null,
          `the baseline's preview, whose code and CLI have not changed, against the same preview in the run that measured ${prev.version}: below 1, this machine ran faster than it did then, which weighs on every comparison with that run; baseline from ${prev.source}`,
          2,
          "P1.noop.vs-previous",
        ),
      );
    }
    return entries;
  },
};
