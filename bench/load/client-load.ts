/**
 * Load generator of P4, run as its own process so that only the client's work, not the
 * emulator's, lands on its CPU clock. Sends Update Flow Metadata requests from
 * `concurrency` workers for a warm-up, then for `durationMs`, and prints one JSON line:
 * `{requests, seconds, rps, cpuUsPerRequest, errors}`.
 *
 *   node -r ts-node/register bench/load/client-load.ts '<LoadSpec as JSON>'
 *
 * Modes: `client` is the package's KaleyraClient as compiled into dist/ (what ships), one
 * client per call as the provider does; `raw` is Node's http.request with a keep-alive agent:
 * the same method, path, headers and body, the response read to its end.
 */
import * as http from "node:http";
import * as path from "node:path";

/** What to run. */
export interface LoadSpec {
  readonly mode: "client" | "raw";
  /** The emulator's origin. */
  readonly url: string;
  readonly sid: string;
  readonly apiKey: string;
  /** Flows to update, round-robin. */
  readonly flowIds: readonly string[];
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** What one load run measured. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  /** User + system CPU of this process per request, in microseconds. */
  readonly cpuUsPerRequest: number;
  readonly errors: number;
  readonly firstError?: string;
}

type Send = (flowId: string, body: Record<string, unknown>) => Promise<void>;

function clientSender(spec: LoadSpec): Send {
  // The compiled package, as the provider process loads it.
  const dist = path.resolve(__dirname, "../../dist/provider");
  const { KaleyraClient } = require(path.join(dist, "client/kaleyra-client"));
  const { TUNING } = require(path.join(dist, "settings"));
  const settings = {
    apiDomain: spec.url,
    sid: spec.sid,
    apiKey: spec.apiKey,
    timeoutMs: TUNING.timeoutMs.default,
    deadlineMs: TUNING.deadlineMs.default,
    maxRetries: TUNING.maxRetries.default,
    retryBaseMs: TUNING.retryBaseMs.default,
    retryMaxDelayMs: TUNING.retryMaxDelayMs.default,
    maxRetryAfterMs: TUNING.maxRetryAfterMs.default,
    concurrency: spec.concurrency,
  };
  return (flowId, body) => new KaleyraClient(settings).updateFlowMetadata(flowId, body);
}

function rawSender(spec: LoadSpec): Send {
  const agent = new http.Agent({ keepAlive: true });
  const origin = new URL(spec.url);
  return (flowId, body) =>
    new Promise<void>((resolve, reject) => {
      const data = JSON.stringify(body);
      const request = http.request(
        {
          host: origin.hostname,
          port: origin.port,
          method: "POST",
          path: `/v2/${encodeURIComponent(spec.sid)}/whatsapp/${encodeURIComponent(flowId)}`,
          agent,
          headers: {
            "api-key": spec.apiKey,
            accept: "application/json",
            "content-type": "application/json",
            "content-length": Buffer.byteLength(data),
            "user-agent": "bench-raw",
          },
        },
        (response) => {
          response.on("data", () => undefined);
          response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(data);
    });
}

/** Runs `spec` and resolves with what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const send = spec.mode === "client" ? clientSender(spec) : rawSender(spec);
  let next = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const bodyOf = (i: number) => ({ name: `Bench flow ${i + 1} r0`, categories: ["OTHER"], endpoint_uri: `https://example.com/flows/${i + 1}` });

  const phase = async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    const worker = async () => {
      while (Date.now() < end) {
        const i = next++ % spec.flowIds.length;
        try {
          await send(spec.flowIds[i], bodyOf(i));
          requests++;
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
  };

  await phase(spec.warmupMs);
  requests = 0;
  errors = 0;
  const cpu = process.cpuUsage();
  const began = process.hrtime.bigint();
  await phase(spec.durationMs);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const used = process.cpuUsage(cpu);
  return { requests, seconds, rps: requests / seconds, cpuUsPerRequest: (used.user + used.system) / Math.max(1, requests), errors, firstError };
}

if (require.main === module) {
  runLoad(JSON.parse(process.argv[2]) as LoadSpec).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      // Keep-alive sockets would hold the process open.
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
