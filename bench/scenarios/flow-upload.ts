/**
 * F3, one Flow's JSON changed: `pulumi up` of the Flow stack after one flow's JSON file moved
 * to a new revision (FlowStack.changeJson) must send exactly one Update Flow JSON (POST
 * `/v2/<sid>/whatsapp/<flow_id>/assets`) and no other write: no Create Flow, Update Flow
 * Metadata, Publish, Deprecate or Delete. Reads are allowed and reported: the Flow reads
 * before it writes (Get Flow Details); a flow the stack did not create would also have the
 * JSON it holds read back (Get Flow Assets and its download), but these were all created by
 * the stack, which uploads over its own JSON without reading it. Afterwards
 * `pulumi preview --expect-no-changes` must be clean.
 *
 * Each round changes another flow, so every up starts from a stack in step with its files.
 * Requests are counted by endpoint from the emulator's request log, cleared before each up.
 * For information, the up's wall time against the same up of the no-op stack (the same file
 * changed; it sends nothing).
 */
import { endpointOf, parseV2Path } from "../../dist/emulator/kaleyra-api";
import type { LoggedRequest } from "../../dist/emulator";
import type { FlowStack } from "../flow-stacks";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";

/** An endpoint name with the method where one path takes two (`assets`): `assets GET`, `assets POST`. */
function routeOf(request: LoggedRequest): string {
  if (request.download) return "download";
  const endpoint = endpointOf(parseV2Path(request.path), request.method);
  if (endpoint === undefined) return `other ${request.method} ${request.path}`;
  return endpoint === "assets" ? `assets ${request.method}` : endpoint;
}

/** Routes that only read. Everything else writes. */
const READS = new Set(["details", "list", "assets GET", "download"]);
const UPLOAD = "assets POST";

/** What one round's up sent, by route. */
interface RoundCount {
  readonly byRoute: Record<string, number>;
  readonly uploads: number;
  readonly otherWrites: number;
  readonly reads: number;
  /** Whether the preview after it found nothing to change. */
  clean?: boolean;
}

function count(requests: readonly LoggedRequest[]): RoundCount {
  const byRoute: Record<string, number> = {};
  for (const r of requests) {
    const route = routeOf(r);
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  let uploads = 0;
  let otherWrites = 0;
  let reads = 0;
  for (const [route, n] of Object.entries(byRoute)) {
    if (route === UPLOAD) uploads += n;
    else if (READS.has(route)) reads += n;
    else otherWrites += n;
  }
  return { byRoute, uploads, otherWrites, reads };
}

const describeRoutes = (byRoute: Record<string, number>) =>
  Object.entries(byRoute)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, n]) => `${route} ${n}`)
    .join(", ") || "none";

/** An entry whose target is on the value itself: every round's count must equal `wanted`. */
function exactly(e: Entry, wanted: number, counts: readonly number[]): Entry {
  return { ...e, target: `value = ${wanted}`, pass: counts.every((n) => n === wanted) };
}

export const flowUpload: Scenario = {
  id: "F3",
  title: "up after one Flow's JSON changed: one upload, no other write",
  async run(ctx) {
    const stacks: Record<"flow" | "noop-flow", FlowStack> = {
      flow: await ctx.flowStack("flow"),
      "noop-flow": await ctx.flowStack("noop-flow"),
    };
    const size = ctx.flowResources;
    const counts: RoundCount[] = [];
    const changed: number[] = [];
    const seconds = await interleaved(["flow", "noop-flow"] as const, ctx.options.repeats, async (kind, round) => {
      // Spread over the stack; each round another flow (both stacks the same one).
      const index = (round * 37 + size - 1) % size;
      const stack = stacks[kind];
      stack.changeJson(index);
      ctx.emulator.clearRequests();
      const timed = await stack.up();
      const stats = ctx.emulator.stats();
      if (stats.droppedEntries > 0)
        throw new Error(
          `the emulator's request log dropped ${stats.droppedEntries} entries: the counts would be short`,
        );
      const sent = count(ctx.emulator.requests());
      if (kind === "noop-flow") {
        if (sent.uploads + sent.reads + sent.otherWrites !== 0)
          throw new Error(`the no-op stack's up sent requests (${describeRoutes(sent.byRoute)}); it must send none`);
        progress(
          `  F3 ${round + 1}/${ctx.options.repeats} up noop-flow, flow ${index + 1} changed: ${(timed.ms / 1000).toFixed(1)} s`,
        );
        return timed.ms / 1000;
      }
      let clean = true;
      try {
        await stack.previewNoChanges();
      } catch (error) {
        clean = false;
        progress(
          `  F3 preview after the up found changes: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
        );
      }
      counts.push({ ...sent, clean });
      changed.push(index + 1);
      progress(
        `  F3 ${round + 1}/${ctx.options.repeats} up flow, flow ${index + 1} changed: ${(timed.ms / 1000).toFixed(1)} s; sent ${describeRoutes(sent.byRoute)}; preview after ${clean ? "clean" : "NOT clean"}`,
      );
      return timed.ms / 1000;
    });
    const of = (pick: (c: RoundCount) => number) => counts.map(pick);
    const routes = counts.map((c, i) => `flow ${changed[i]}: ${describeRoutes(c.byRoute)}`).join("; ");
    const unclean = counts.filter((c) => !c.clean).length;
    return [
      exactly(
        entry(
          `F3 up, 1 of ${size} Flows' JSON changed: Update Flow JSON requests`,
          "requests",
          summarize(of((c) => c.uploads)),
          null,
          null,
          `POST .../<flow_id>/assets during the up, counted in the emulator's log; each round another flow's file changed (${routes})`,
          0,
          "F3.uploads",
        ),
        1,
        of((c) => c.uploads),
      ),
      exactly(
        entry(
          "F3 same up: other writes",
          "requests",
          summarize(of((c) => c.otherWrites)),
          null,
          null,
          "requests other than the upload that are not reads (Create Flow, Update Flow Metadata, Publish, Deprecate, Delete): there must be none",
          0,
          "F3.other-writes",
        ),
        0,
        of((c) => c.otherWrites),
      ),
      entry(
        "F3 same up: reads",
        "requests",
        summarize(of((c) => c.reads)),
        null,
        null,
        `reads during the up (Get Flow Details, Get Flow Assets, asset downloads): the Flow reads before it writes, and the stack's own flows' JSON is not read back; allowed, reported (${routes})`,
        0,
        "F3.reads",
      ),
      exactly(
        entry(
          "F3 preview --expect-no-changes after the up: previews that found changes",
          "previews",
          summarize(counts.map((c) => (c.clean ? 0 : 1))),
          null,
          null,
          `\`pulumi preview --expect-no-changes\` of the Flow stack after each round's up; ${unclean} of ${counts.length} found changes`,
          0,
          "F3.preview-after",
        ),
        0,
        counts.map((c) => (c.clean ? 0 : 1)),
      ),
      entry(
        `F3 up, 1 of ${size} Flows' JSON changed`,
        "s",
        summarize(seconds.flow),
        summarize(seconds["noop-flow"]),
        null,
        "`pulumi up --skip-preview` wall time after one flow's file changed: the Flow stack vs the no-op stack with the same file changed (no request); for information",
        2,
        "F3.up",
      ),
    ];
  },
};
