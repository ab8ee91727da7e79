/**
 * P5, the GitOps apply template: `pulumi up` of N changed flows with exactly the settings of
 * examples/gitops/.github/workflows/apply.yml (read from the file: today `--parallel 32`,
 * PULUMI_SKIP_CHECKPOINTS=true, the package's default concurrency), against the network
 * ideal N x 2 x latency / min(C, P). Aim: within 2x of it.
 *
 * Where the time goes, from the same runs: the emulator's log (time before the first
 * request, the window the requests span and the mean in flight over it, time after the
 * last answer, and the gap between a flow's read and its write), the CPU each process used
 * (a 2-core machine runs the engine, the program, the provider and the emulator at once),
 * and the no-op sleeping as long as the two requests under the same settings (the engine's
 * and SDK's own cost). Then what another concurrency would give (C = 32, measured, not a
 * default), and adopting N matching flows with the template's settings.
 */
import * as os from "node:os";
import { readTemplate } from "../gitops-template";
import { entry, Entry } from "../report";
import { summarize } from "../stats";
import { measureAdoption } from "./adoption";
import { over, REQUESTS_PER_CHANGED_FLOW } from "./parallelism";
import { Scenario } from "./scenario";
import { concurrencyOf, ideal, measureRuns, parallelOf, Run, tag, UpSample } from "./up-runs";

/** The processes whose CPU is reported: the three Pulumi starts, and this one (the emulator). */
const CPU_ROLES = ["engine", "program", "provider", "bench"] as const;

/** The concurrency measured beside the default, to show what raising it would buy. */
const OTHER_CONCURRENCY = 32;

export const gitopsApply: Scenario = {
  id: "P5",
  title: "GitOps apply template: up of N changed flows with the template's settings",
  async run(ctx) {
    const template = readTemplate();
    const settings = {
      parallel: template.parallel,
      concurrency: template.concurrency,
      skipCheckpoints: template.skipCheckpoints,
    };
    const runs = {
      pkg: { id: "template", kind: "package", ...settings },
      noop: { id: "template", kind: "noop-sleep", ...settings },
      other: { id: `template-c${OTHER_CONCURRENCY}`, kind: "package", ...settings, concurrency: OTHER_CONCURRENCY },
    } satisfies Record<string, Run>;
    const measured = await measureRuns(ctx, Object.values(runs), (run) => ctx.stack(run.kind), "P5");
    const adopted = await measureAdoption(ctx, runs.pkg, "P5");

    const N = ctx.flows;
    const lat = ctx.options.latencyMs;
    const R = REQUESTS_PER_CHANGED_FLOW;
    const { pkg, noop, other } = runs;
    const samples = measured.get(pkg)!;
    const secs = (run: Run) => over(measured.get(run)!, (s) => s.seconds);
    const idealOf = (run: Run, requestsPerFlow = R) => summarize([ideal(ctx, run, requestsPerFlow)]);
    const slots = (run: Run) => Math.min(concurrencyOf(ctx, run), parallelOf(ctx, run));
    const timing = (figure: (t: NonNullable<UpSample["requests"]>) => number) =>
      over(samples, (s) => figure(s.requests!));
    const cpu = (run: Run, role: string) => over(measured.get(run)!, (s) => s.cpuSeconds[role] ?? 0);
    const busy = (s: UpSample) => CPU_ROLES.reduce((sum, role) => sum + (s.cpuSeconds[role] ?? 0), 0) / s.seconds;
    const settingsText = `--parallel ${parallelOf(ctx, pkg)}${template.parallel === undefined ? " (default)" : ""}, C = ${concurrencyOf(ctx, pkg)}${template.concurrency === undefined ? " (default)" : ""}, ${template.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "checkpoints on"}`;
    const getToPost = samples.every((s) => s.requests!.getToPostMs !== null) ? timing((t) => t.getToPostMs!) : null;

    const entries: Entry[] = [
      entry(
        `P5 GitOps apply: up, ${N} flows changed (${tag(ctx, pkg)}${template.skipCheckpoints ? ", no checkpoints" : ""}), vs ideal N x ${R} x ${lat} ms / min(C, P)`,
        "s",
        secs(pkg),
        idealOf(pkg),
        { op: "<=", bound: 2 },
        `pulumi up with the settings of examples/gitops/.github/workflows/apply.yml (${settingsText}) against the time its requests alone would take with every slot busy; aim: within 2x`,
        2,
        "P5.up.vs-ideal",
      ),
      entry(
        "P5 same, vs the no-op sleeping at the same settings",
        "s",
        secs(pkg),
        secs(noop),
        null,
        `the template's up against the no-op sleeping ${R} x ${lat} ms per update under the same limit: what the package adds to the engine's and SDK's own cost`,
        2,
        "P5.up.vs-noop",
      ),
      entry(
        "P5 no-op sleeping at the same settings, vs ideal",
        "s",
        secs(noop),
        idealOf(noop),
        null,
        "the engine's and SDK's own cost at these settings, with no HTTP at all",
        2,
        "P5.noop.vs-ideal",
      ),
      entry(
        "P5 max requests in flight",
        "requests",
        over(samples, (s) => s.maxInFlight),
        summarize([slots(pkg)]),
        null,
        "the emulator's highest count of concurrent requests, against min(C, P)",
        0,
        "P5.up.max-in-flight",
      ),
      entry(
        "P5 before the first request",
        "s",
        timing((t) => t.beforeFirstS),
        null,
        null,
        "from starting pulumi up to the emulator receiving the first request: CLI, language host, program and provider start-up, the first registrations",
        2,
        "P5.up.before-first",
      ),
      entry(
        "P5 request window, vs ideal",
        "s",
        timing((t) => t.windowS),
        idealOf(pkg),
        null,
        `from the first request's arrival to the last answer (arrival + ${lat} ms), against the ideal`,
        2,
        "P5.up.window",
      ),
      entry(
        "P5 after the last answer",
        "s",
        timing((t) => t.afterLastS),
        null,
        null,
        "from the last answer to pulumi up exiting: the state's one save, the summary and shutdown",
        2,
        "P5.up.after-last",
      ),
      entry(
        "P5 mean requests in flight during the window",
        "requests",
        timing((t) => t.meanInFlight),
        summarize([slots(pkg)]),
        null,
        `requests x ${lat} ms / window: how full the min(C, P) slots were on average`,
        1,
        "P5.up.mean-in-flight",
      ),
    ];
    if (getToPost) {
      entries.push(
        entry(
          "P5 a flow's GET to its POST",
          "ms",
          getToPost,
          summarize([lat]),
          null,
          `median time from a flow's GET arriving to its POST arriving, against the ${lat} ms the GET takes: the rest is the provider's work between them and the wait for a slot of the limit`,
          0,
          "P5.up.get-to-post",
        ),
      );
    }
    entries.push(
      entry(
        "P5 CPU busy, all processes",
        "cores",
        over(samples, busy),
        summarize([os.cpus().length]),
        null,
        `CPU seconds of the engine, program, provider and bench (emulator) processes per second of the up, against the machine's ${os.cpus().length} cores: near 1 means the machine, not the network, sets the pace`,
        2,
        "P5.up.cpu-busy",
      ),
      ...CPU_ROLES.map((role) =>
        entry(
          `P5 CPU, ${role} process`,
          "s",
          cpu(pkg, role),
          cpu(noop, role),
          null,
          `CPU seconds of the ${role === "bench" ? "bench process (the emulator answering, the memory sampler)" : `${role} process`} during the template's up: FlowMetadata vs the no-op sleeping at the same settings`,
          2,
          `P5.up.cpu-${role}`,
        ),
      ),
      entry(
        `P5 with C = ${OTHER_CONCURRENCY} (${tag(ctx, other)}), vs ideal`,
        "s",
        secs(other),
        idealOf(other),
        null,
        `the template's up with KALEYRA_CONCURRENCY=${OTHER_CONCURRENCY} against its ideal: what raising the default would give (measured only; the default is unchanged)`,
        2,
        "P5.c32.vs-ideal",
      ),
      entry(
        `P5 with C = ${OTHER_CONCURRENCY}, vs the template's C = ${concurrencyOf(ctx, pkg)}`,
        "s",
        secs(other),
        secs(pkg),
        null,
        "ratio < 1: faster than the template as it is",
        2,
        "P5.c32.vs-template",
      ),
      entry(
        `P5 with C = ${OTHER_CONCURRENCY}, max requests in flight`,
        "requests",
        over(measured.get(other)!, (s) => s.maxInFlight),
        summarize([slots(other)]),
        null,
        "the emulator's highest count of concurrent requests, against min(C, P)",
        0,
        "P5.c32.max-in-flight",
      ),
      entry(
        `P5 adopt ${N} matching flows with the template's settings, vs ideal N x 1 x ${lat} ms / min(C, P)`,
        "s",
        over(adopted, (s) => s.seconds),
        idealOf(pkg, 1),
        null,
        "the first apply after `pulumi-kaleyra-flows discover`: a new stack whose flows already match; one GET per flow, no POST (checked)",
        2,
        "P5.adopt.vs-ideal",
      ),
    );
    return entries;
  },
};
