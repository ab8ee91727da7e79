/**
 * P4, client throughput: requests per second of the package's KaleyraClient sending Update
 * Flow Metadata to the emulator (no added latency), against Node's own http.request with a
 * keep-alive agent at the same concurrency, on the same emulator. The load runs in a child
 * process (bench/load/client-load.ts); the emulator stays in this one.
 */
import * as path from "node:path";
import { run } from "../../tests/support/run";
import { BENCH_API_KEY, BENCH_SID } from "../flows";
import type { LoadResult, LoadSpec } from "../load/client-load";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";

const LOADER = path.join(__dirname, "..", "load", "client-load.ts");

async function load(spec: LoadSpec): Promise<LoadResult> {
  const result = await run(process.execPath, ["-r", "ts-node/register", LOADER, JSON.stringify(spec)], {
    cwd: path.join(__dirname, "..", ".."),
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    timeoutMs: spec.warmupMs + spec.durationMs + 60_000,
  });
  if (result.code !== 0) throw new Error(`the ${spec.mode} load generator exited ${result.code}:\n${result.output.slice(-2000)}`);
  const parsed = JSON.parse(result.stdout.trim().split("\n").pop()!) as LoadResult;
  if (parsed.errors > 0) throw new Error(`the ${spec.mode} load saw ${parsed.errors} failed requests, first: ${parsed.firstError}`);
  return parsed;
}

export const clientThroughput: Scenario = {
  id: "P4",
  title: "client throughput",
  async run(ctx) {
    const base = {
      url: ctx.emulator.url,
      sid: BENCH_SID,
      apiKey: BENCH_API_KEY,
      flowIds: ctx.ids,
      concurrency: ctx.concurrency,
      warmupMs: 1000,
      durationMs: 3000,
    };
    const cpu: Record<"client" | "raw", number[]> = { client: [], raw: [] };
    const rps = await interleaved(["client", "raw"] as const, ctx.options.repeats, async (mode, round) => {
      ctx.emulator.clearRequests(); // the emulator keeps the last 10,000: keep its work the same
      const result = await load({ ...base, mode });
      cpu[mode].push(result.cpuUsPerRequest);
      progress(`  P4 ${round + 1}/${ctx.options.repeats} ${mode}: ${result.rps.toFixed(0)} requests/s, ${result.cpuUsPerRequest.toFixed(0)} us CPU per request`);
      return result.rps;
    });
    const entries: Entry[] = [
      entry(
        `P4 client throughput, concurrency ${ctx.concurrency}`,
        "req/s",
        summarize(rps.client),
        summarize(rps.raw),
        { op: ">=", bound: 0.8 },
        "Update Flow Metadata requests per second against the emulator (no added latency): KaleyraClient vs http.request with a keep-alive agent, same concurrency",
        0,
      ),
      entry("P4 client CPU per request", "us", summarize(cpu.client), summarize(cpu.raw), null, "user+system CPU of the load process per request: KaleyraClient vs raw http.request", 0),
    ];
    return entries;
  },
};
