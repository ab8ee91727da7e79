/**
 * Part of MEM: does the provider's code keep memory per flow, or does the dynamic-provider
 * process's peak grow with the garbage of the work done? Runs the provider's `check` and
 * `create` for n flows in a child process (bench/load/provider-memory.js) at the engine's
 * default parallelism, at n = N/5, N/2, N and 4N, and fits per added flow: the heap still in
 * use after a full garbage collection (what is kept) and the peak RSS (what the process
 * reached), against the same loop running `check` alone. The emulator, in this process, gets
 * the 4N flows it needs on first use.
 */
import * as path from "node:path";
import type { BenchContext } from "../context";
import { linearFit } from "../fit";
import { BENCH_API_KEY, BENCH_SID, flowIds, freshRevision } from "../flows";
import { progress } from "../progress";
import { entry, Entry } from "../report";
import { summarize } from "../stats";
import { run } from "../../tests/support/run";
import { memorySizes, slopeEntry } from "./per-flow";

const CHILD = path.join(__dirname, "..", "load", "provider-memory.js");

type Mode = "create" | "check";

/** One child run's figures. */
interface HeapRun {
  readonly heapKeptMiB: number;
  readonly peakRssMiB: number;
}

async function measure(ctx: BenchContext, mode: Mode, ids: readonly string[]): Promise<HeapRun> {
  const before = ctx.emulator.stats().totalRequests;
  const spec = {
    mode,
    url: ctx.emulator.url,
    sid: BENCH_SID,
    apiKey: BENCH_API_KEY,
    flowIds: ids,
    revision: freshRevision(),
    concurrency: ctx.engineDefaultParallel,
  };
  const result = await run(process.execPath, ["--expose-gc", CHILD, JSON.stringify(spec)], { timeoutMs: 300_000 });
  if (result.code !== 0)
    throw new Error(
      `provider-memory.js (${mode}, ${ids.length} flows) exited ${result.code}:\n${result.output.slice(-2000)}`,
    );
  const sent = ctx.emulator.stats().totalRequests - before;
  const expected = mode === "create" ? 2 * ids.length : 0;
  if (sent !== expected)
    throw new Error(`provider-memory.js (${mode}, ${ids.length} flows) sent ${sent} requests, expected ${expected}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as HeapRun;
}

/** The entries of the in-process look at the provider's memory. */
export async function providerHeap(ctx: BenchContext): Promise<Entry[]> {
  const N = ctx.flows;
  const sizes = [...memorySizes(N), 4 * N];
  const ids = flowIds(4 * N);
  // The emulator was seeded with N flows; the rest exist from here on, as DRAFT.
  for (const id of ids.slice(ctx.ids.length))
    if (!ctx.emulator.getFlow(BENCH_SID, id)) ctx.emulator.setFlow(BENCH_SID, { id, status: "DRAFT" });
  const runs: Record<Mode, Array<HeapRun & { n: number }>> = { create: [], check: [] };
  for (let round = 0; round < ctx.options.repeats; round++) {
    for (const n of sizes) {
      const order: Mode[] = round % 2 === 0 ? ["create", "check"] : ["check", "create"];
      for (const mode of order) {
        const result = await measure(ctx, mode, ids.slice(0, n));
        runs[mode].push({ ...result, n });
        progress(
          `  MEM ${round + 1}/${ctx.options.repeats} provider code, ${mode} of ${n} flows: heap kept ${result.heapKeptMiB.toFixed(1)} MiB, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
        );
      }
    }
  }
  const fitOf = (mode: Mode, figure: (r: HeapRun) => number) =>
    linearFit(runs[mode].map((r) => ({ x: r.n, y: figure(r) })));
  const at = (mode: Mode, n: number) => summarize(runs[mode].filter((r) => r.n === n).map((r) => r.peakRssMiB));
  const where = `in a child process running the provider's code at ${ctx.engineDefaultParallel} at once, ${sizes.join(", ")} flows`;
  return [
    slopeEntry(
      "MEM.provider-code.heap-kept-per-flow",
      "MEM provider code alone: heap kept after GC, per added flow",
      fitOf("create", (r) => r.heapKeptMiB),
      fitOf("check", (r) => r.heapKeptMiB),
      null,
      `heap in use after a full garbage collection, ${where}: check and create (a GET and a POST each) vs check alone; near 0 means nothing is kept per flow`,
    ),
    slopeEntry(
      "MEM.provider-code.peak-per-flow",
      "MEM provider code alone: peak RSS, per added flow",
      fitOf("create", (r) => r.peakRssMiB),
      fitOf("check", (r) => r.peakRssMiB),
      null,
      `peak RSS (VmHWM), ${where}: check and create vs check alone; the heap grows with the garbage of the work until the collector's limits settle`,
    ),
    entry(
      `MEM provider code alone: peak RSS at ${4 * N} vs ${N} flows`,
      "MiB",
      at("create", 4 * N),
      at("create", N),
      null,
      "the child's peak RSS running check and create for 4N flows against N: 4 times the flows, and the ratio shows how much more the peak",
      1,
      "MEM.provider-code.peak-4n",
    ),
  ];
}
