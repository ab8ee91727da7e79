/**
 * P3, read before write: `pulumi up` changing all N flows while the emulator takes
 * `latency` ms per request. Each changed flow costs two requests (Get Flow Details, then
 * Update Flow Metadata), checked on every run. Compared with:
 * - the no-op whose update sleeps twice as long as one request, each sleep under the same
 *   limit (the engine's and SDK's own cost for the same waiting);
 * - the ideal N x 2 x latency / min(C, P) (C: the package's concurrency limit, P: the
 *   engine's `--parallel`);
 * - version 0.1.0, which sent one request per flow, from another run (bench/reference.ts).
 *
 * Then the same with PULUMI_SKIP_CHECKPOINTS=true, which removes the file backend's rewrite
 * of the whole state after every step and leaves the parallelism itself; and adoption: N
 * flows that already match, one GET each and no POST.
 */
import type { BenchContext } from "../context";
import { PREVIOUS_RELEASE, RecordedFigure } from "../reference";
import { entry, Entry, Target } from "../report";
import { summarize, Summary } from "../stats";
import { measureAdoption } from "./adoption";
import { Scenario } from "./scenario";
import { concurrencyOf, ideal, Measured, measureRuns, parallelOf, Run, tag } from "./up-runs";

/** Requests per changed flow: Get Flow Details, then Update Flow Metadata. */
export const REQUESTS_PER_CHANGED_FLOW = 2;

/** Median and spread of one figure of each sample. */
export const over = (samples: Measured, figure: (s: Measured[number]) => number): Summary =>
  summarize(samples.map(figure));

/** A figure of another run, as a summary with its recorded spread. */
const recorded = (figure: RecordedFigure): Summary => ({ ...figure, samples: [figure.median] });

/** Whether this run's conditions are those of the previous release's figures. */
function comparableWithPrevious(ctx: BenchContext, run: Run): boolean {
  const p = PREVIOUS_RELEASE;
  return (
    ctx.flows === p.flows &&
    ctx.options.latencyMs === p.latencyMs &&
    parallelOf(ctx, run) === p.parallel &&
    concurrencyOf(ctx, run) === p.concurrency
  );
}

export const parallelism: Scenario = {
  id: "P3",
  title: "read before write: up of N changed flows, and adopting N matching flows",
  async run(ctx) {
    const runs = {
      pkg: { id: "default", kind: "package", skipCheckpoints: false, recordMemory: true },
      noop: { id: "default", kind: "noop-sleep", skipCheckpoints: false, recordMemory: true },
      pkgSkip: { id: "skip", kind: "package", skipCheckpoints: true },
      noopSkip: { id: "skip", kind: "noop-sleep", skipCheckpoints: true },
    } satisfies Record<string, Run>;
    const measured = await measureRuns(ctx, Object.values(runs), (run) => ctx.stack(run.kind), "P3");
    const adopted = await measureAdoption(ctx, { id: "default", kind: "package", skipCheckpoints: false }, "P3");

    const N = ctx.flows;
    const lat = ctx.options.latencyMs;
    const R = REQUESTS_PER_CHANGED_FLOW;
    const secs = (run: Run) => over(measured.get(run)!, (s) => s.seconds);
    const inFlight = (run: Run) => over(measured.get(run)!, (s) => s.maxInFlight);
    const perFlow = (samples: Measured, method: "gets" | "posts") => over(samples, (s) => s.requests![method] / N);
    const idealOf = (run: Run, requestsPerFlow = R) => summarize([ideal(ctx, run, requestsPerFlow)]);
    const exactly = (n: number) => summarize([n]);
    const target: Target = { op: "<=", bound: 1.1 };
    const prev = PREVIOUS_RELEASE;
    const idealText = `N x ${R} x ${lat} ms / min(C, P)`;
    const { pkg, noop, pkgSkip, noopSkip } = runs;
    const gets = perFlow(measured.get(pkg)!, "gets");
    const posts = perFlow(measured.get(pkg)!, "posts");

    const entries: Entry[] = [
      entry(
        `P3 up, ${N} flows changed, ${lat} ms/request (${tag(ctx, pkg)})`,
        "s",
        secs(pkg),
        secs(noop),
        target,
        `pulumi up wall time at the engine's default --parallel and the package's default concurrency, checkpoints on: FlowMetadata (a GET and a POST per flow) vs the no-op sleeping ${R} x ${lat} ms per update, each sleep under the same limit`,
        2,
        "P3.up",
      ),
      entry(
        "P3 requests per changed flow (GET + POST)",
        "requests",
        summarize(measured.get(pkg)!.map((s) => (s.requests!.gets + s.requests!.posts) / N)),
        exactly(R),
        null,
        `requests the emulator received per flow, against the ${R} expected: GET ${gets.median} + POST ${posts.median} per flow (${prev.version} sent ${prev.requestsPerFlow}, a POST)`,
        2,
        "P3.up.requests-per-flow",
      ),
      entry(
        `P3 same, vs ideal ${idealText}`,
        "s",
        secs(pkg),
        idealOf(pkg),
        null,
        "the FlowMetadata up against the time its requests alone would take with every slot busy",
        2,
        "P3.up.vs-ideal",
      ),
    ];
    if (comparableWithPrevious(ctx, pkg)) {
      entries.push(
        entry(
          `P3 same, vs ${prev.version} (another run, 1 request per flow)`,
          "s",
          secs(pkg),
          recorded(prev.up),
          null,
          `this run's up against the same up of version ${prev.version}, which sent one POST per flow and read nothing; baseline from another run: ${prev.source}`,
          2,
          "P3.up.vs-previous",
        ),
      );
    }
    entries.push(
      entry(
        "P3 no-op sleeping, vs ideal",
        "s",
        secs(noop),
        idealOf(noop),
        null,
        "the engine's own overhead on the same up",
        2,
        "P3.noop.vs-ideal",
      ),
      entry(
        `P3 max requests in flight (${tag(ctx, pkg)})`,
        "requests",
        inFlight(pkg),
        exactly(Math.min(concurrencyOf(ctx, pkg), parallelOf(ctx, pkg))),
        null,
        "the emulator's highest count of concurrent requests during the up, against min(C, P)",
        0,
        "P3.up.max-in-flight",
      ),
      entry(
        `P3 up without checkpoints (${tag(ctx, pkgSkip)})`,
        "s",
        secs(pkgSkip),
        secs(noopSkip),
        null,
        "the same up with PULUMI_SKIP_CHECKPOINTS=true (no state rewrite per step): the provider's parallelism alone",
        2,
        "P3.skip",
      ),
      entry(
        "P3 up without checkpoints, vs ideal",
        "s",
        secs(pkgSkip),
        idealOf(pkgSkip),
        null,
        `FlowMetadata up without checkpoints against ${idealText}`,
        2,
        "P3.skip.vs-ideal",
      ),
    );
    if (comparableWithPrevious(ctx, pkgSkip)) {
      entries.push(
        entry(
          `P3 up without checkpoints, vs ${prev.version} (another run)`,
          "s",
          secs(pkgSkip),
          recorded(prev.upWithoutCheckpoints),
          null,
          `without checkpoints, against version ${prev.version}'s one POST per flow; baseline from another run: ${prev.source}`,
          2,
          "P3.skip.vs-previous",
        ),
      );
    }
    entries.push(
      entry(
        "P3 up without checkpoints, max requests in flight",
        "requests",
        inFlight(pkgSkip),
        exactly(Math.min(concurrencyOf(ctx, pkgSkip), parallelOf(ctx, pkgSkip))),
        null,
        "the emulator's highest count of concurrent requests, against min(C, P)",
        0,
        "P3.skip.max-in-flight",
      ),
      entry(
        `P3 adopt ${N} matching flows (${tag(ctx, pkg)}), vs ideal N x 1 x ${lat} ms / min(C, P)`,
        "s",
        over(adopted, (s) => s.seconds),
        idealOf(pkg, 1),
        null,
        "pulumi up on a new stack whose flows already hold the declared values (checkpoints on): each create reads the flow and sends nothing",
        2,
        "P3.adopt.vs-ideal",
      ),
      entry(
        "P3 adopt: requests per flow (GET only)",
        "requests",
        perFlow(adopted, "gets"),
        exactly(1),
        null,
        `GETs per flow received by the emulator while adopting, against 1 expected; POSTs: ${perFlow(adopted, "posts").median} per flow`,
        2,
        "P3.adopt.requests-per-flow",
      ),
      entry(
        "P3 adopt vs up changing the flows",
        "s",
        over(adopted, (s) => s.seconds),
        secs(pkg),
        null,
        "adopting N matching flows against changing N flows, same settings: what a read that finds nothing to send costs against a read and a write",
        2,
        "P3.adopt.vs-up",
      ),
    );
    return entries;
  },
};
