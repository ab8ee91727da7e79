/**
 * F1, preview cost of Flows: what a pull request's `pulumi preview` of a stack of Flows costs,
 * nothing changed, each Flow holding about 20 KB of Flow JSON read from its file, against the
 * same preview of as many no-op dynamic resources holding the same inputs (programs/noop-flow:
 * the same files, the JSON as the same compact text, under the property names a Flow
 * registers). Both previews run check and diff for every resource and call nothing; the Flow's
 * check also reads each JSON (checked in full only when it is not the one stored), and its
 * diff hashes it, which is what this figure prices. For information, the same no-op holding
 * only the values the program gives (`noop-flow-given`): the difference is the SDK's own cost
 * of the properties a Flow declares (each one an Output, whose promises record stack traces).
 */
import { FLOW_JSON_BYTES } from "../flow-json";
import { entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";

/** The preview's processes whose CPU is reported. */
const CPU_ROLES = ["engine", "program", "provider"] as const;

export const flowPreviewCost: Scenario = {
  id: "F1",
  title: "preview cost of Flows",
  async run(ctx) {
    const stacks = {
      flow: await ctx.flowStack("flow"),
      "noop-flow": await ctx.flowStack("noop-flow"),
      "noop-flow-given": await ctx.flowStack("noop-flow-given"),
    };
    const requestsBefore = ctx.emulator.stats().totalRequests;
    const cpu: Record<keyof typeof stacks, Array<Record<string, number>>> = {
      flow: [],
      "noop-flow": [],
      "noop-flow-given": [],
    };
    const kinds = ["flow", "noop-flow", "noop-flow-given"] as const;
    const samples = await interleaved(kinds, ctx.options.repeats, async (kind, round) => {
      // --expect-no-changes: a preview that found a change would be measuring something else.
      const timed = await stacks[kind].previewNoChanges();
      cpu[kind].push(Object.fromEntries(Object.entries(timed.memory).map(([role, peak]) => [role, peak.cpuSeconds])));
      progress(`  F1 ${round + 1}/${ctx.options.repeats} preview ${kind}: ${(timed.ms / 1000).toFixed(1)} s`);
      return timed.ms / 1000;
    });
    const cpuOf = (kind: keyof typeof stacks, role: string) => summarize(cpu[kind].map((c) => c[role] ?? 0));
    const sent = ctx.emulator.stats().totalRequests - requestsBefore;
    if (sent !== 0) throw new Error(`preview of the Flows sent ${sent} requests to Kaleyra; it must send none`);
    return [
      entry(
        `F1 preview, ${ctx.flowResources} Flows of ${FLOW_JSON_BYTES / 1024} KB JSON, no changes`,
        "s",
        summarize(samples.flow),
        summarize(samples["noop-flow"]),
        { op: "<=", bound: 1.05 },
        "`pulumi preview --expect-no-changes` wall time: Flow stack (each JSON read with flowJsonFile, checked and hashed) vs the same stack of no-op dynamic resources holding the same inputs, under the property names a Flow registers",
        2,
        "F1.preview",
      ),
      entry(
        `F1 preview, same, vs no-op resources holding only the values given`,
        "s",
        summarize(samples.flow),
        summarize(samples["noop-flow-given"]),
        null,
        "the same preview vs no-op resources that register only the values the program gives, not a Flow's other property names: the difference adds the SDK's cost of those properties (an Output each, with its promises' stack traces)",
        2,
        "F1.preview.given",
      ),
      // Where the difference goes: the CPU of each process of the preview, for information.
      ...CPU_ROLES.map((role) =>
        entry(
          `F1 CPU, ${role} process`,
          "s",
          cpuOf("flow", role),
          cpuOf("noop-flow", role),
          null,
          `user + system CPU seconds of the preview's ${role} process (sampled from /proc every 100 ms): Flow stack vs the no-op stack`,
          2,
          `F1.cpu-${role}`,
        ),
      ),
    ];
  },
};
