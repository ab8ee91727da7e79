/**
 * P4, client throughput: requests per second of the package's KaleyraClient against the
 * emulator (no added latency), for Update Flow Metadata (`updateFlowMetadata`, as before)
 * and Get Flow Details (`getFlow`, the read every create and update now starts with), each
 * against two baselines at the same concurrency on the same emulator:
 * - the client a Pulumi user would write from the dynamic-provider docs: one `axios.post`
 *   (or `axios.get`) per call with new options each time. Ours must beat it (ratio > 1):
 *   it does more per call (a limiter, a deadline, redaction of every answer, strict
 *   parsing), and must still not be slower than the obvious code;
 * - Node's own http.request with a keep-alive agent, the answer unread: the floor.
 * A third load, the client's transport (provider/client/transport.ts, node:http) called as
 * the client calls it but without the client's own work, splits the client's CPU per
 * request into the transport's part and the client's.
 * The load runs in a child process (bench/load/client-load.ts); the emulator stays in this one.
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

/** The calls measured, with the client method each stands for. */
const CALLS = [
  { call: "update", method: "updateFlowMetadata", endpoint: "Update Flow Metadata" },
  { call: "get", method: "getFlow", endpoint: "Get Flow Details" },
] as const;

const MODES = ["client", "transport", "axios", "raw"] as const;

async function load(spec: LoadSpec): Promise<LoadResult> {
  const result = await run(process.execPath, ["-r", "ts-node/register", LOADER, JSON.stringify(spec)], {
    cwd: path.join(__dirname, "..", ".."),
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    timeoutMs: spec.warmupMs + spec.durationMs + 60_000,
  });
  if (result.code !== 0)
    throw new Error(
      `the ${spec.mode} ${spec.call} load generator exited ${result.code}:\n${result.output.slice(-2000)}`,
    );
  const parsed = JSON.parse(result.stdout.trim().split("\n").pop()!) as LoadResult;
  if (parsed.errors > 0)
    throw new Error(
      `the ${spec.mode} ${spec.call} load saw ${parsed.errors} failed requests, first: ${parsed.firstError}`,
    );
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
    const C = ctx.concurrency;
    const entries: Entry[] = [];
    for (const { call, method, endpoint } of CALLS) {
      const cpu: Record<(typeof MODES)[number], number[]> = { client: [], transport: [], axios: [], raw: [] };
      const rps = await interleaved(MODES, ctx.options.repeats, async (mode, round) => {
        ctx.emulator.clearRequests(); // the emulator keeps the last 10,000: keep its work the same
        const result = await load({ ...base, mode, call });
        cpu[mode].push(result.cpuUsPerRequest);
        progress(
          `  P4 ${round + 1}/${ctx.options.repeats} ${method} ${mode}: ${result.rps.toFixed(0)} requests/s, ${result.cpuUsPerRequest.toFixed(0)} us CPU per request`,
        );
        return result.rps;
      });
      const [client, , axios, raw] = MODES.map((m) => summarize(rps[m]));
      const [cpuClient, cpuTransport, cpuAxios, cpuRaw] = MODES.map((m) => summarize(cpu[m]));
      entries.push(
        entry(
          `P4 ${method} req/s, concurrency ${C}, vs axios per call`,
          "req/s",
          client,
          axios,
          { op: ">", bound: 1 },
          `${endpoint} requests per second against the emulator (no added latency): KaleyraClient vs one axios.${call === "get" ? "get" : "post"}(url, ${call === "get" ? "" : "body, "}{headers}) per call with new options, as a dynamic-provider user would write it, same concurrency; ours must beat it`,
          0,
          `P4.${call}.vs-axios`,
        ),
        entry(
          `P4 ${method} req/s, concurrency ${C}, vs raw node:http`,
          "req/s",
          client,
          raw,
          call === "update" ? { op: ">=", bound: 0.8 } : null,
          `${endpoint} requests per second: KaleyraClient vs http.request with a keep-alive agent (answer read, not parsed), same concurrency`,
          0,
          `P4.${call}.vs-raw`,
        ),
        entry(
          `P4 ${method} CPU per request, vs axios per call`,
          "us",
          cpuClient,
          cpuAxios,
          null,
          "user+system CPU of the load process per request: KaleyraClient vs axios per call",
          0,
          `P4.${call}.cpu-vs-axios`,
        ),
        entry(
          `P4 ${method} CPU per request, vs raw node:http`,
          "us",
          cpuClient,
          cpuRaw,
          null,
          "user+system CPU of the load process per request: KaleyraClient vs raw http.request",
          0,
          `P4.${call}.cpu-vs-raw`,
        ),
        entry(
          `P4 ${method} CPU per request, vs its transport alone`,
          "us",
          cpuClient,
          cpuTransport,
          null,
          "KaleyraClient vs its transport (provider/client/transport.ts) called as the client calls it and nothing else: " +
            "the difference is the client's own work (limiter, timers, redaction, strict parsing)",
          0,
          `P4.${call}.cpu-vs-transport`,
        ),
        entry(
          `P4 ${method} CPU per request, its transport alone vs axios per call`,
          "us",
          cpuTransport,
          cpuAxios,
          null,
          "the client's transport (node:http, keep-alive, text response) vs a new axios.post/get per call: " +
            "what sending without a general HTTP library saves",
          0,
          `P4.${call}.transport-vs-axios`,
        ),
      );
    }
    return entries;
  },
};
