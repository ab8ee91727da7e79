/**
 * Load generator of P4, run as its own process so that only the client's work, not the
 * emulator's, lands on its CPU clock. Sends one kind of request from `concurrency` workers
 * for a warm-up, then for `durationMs`, and prints one JSON line:
 * `{requests, seconds, rps, cpuUsPerRequest, errors}`.
 *
 *   node -r ts-node/register bench/load/client-load.ts '<LoadSpec as JSON>'
 *
 * Calls: `update` (Update Flow Metadata, a POST) or `get` (Get Flow Details, a GET).
 * Modes:
 * - `client`: the package's KaleyraClient as compiled into dist/ (what ships), one client
 *   per account as the provider makes it (`updateFlowMetadata` or `getFlow`: limiter,
 *   deadline, redaction of the response, strict parsing).
 * - `axios`: what a Pulumi user writes from the dynamic-provider docs: `axios.post(url,
 *   body, {headers})` (or `axios.get(url, {params, headers})`) per call, new options each
 *   time, no instance, no agent of its own (node's global agent, which keeps sockets alive
 *   by default since node 19), the answer parsed by axios and otherwise unread.
 * - `transport`: provider/client/transport.ts's `send` (node:http), the function the client
 *   sends with, without the client's own work (limiter, deadline and attempt timers,
 *   redaction, parsing). Splits the client's cost into the transport's part and its own.
 * - `raw`: node's http.request with a keep-alive agent: the same method, path, headers and
 *   body, the response read to its end and not parsed. The floor.
 */
import * as http from "node:http";
import * as path from "node:path";

/** What to run. */
export interface LoadSpec {
  readonly mode: "client" | "transport" | "axios" | "raw";
  readonly call: "update" | "get";
  /** The emulator's origin. */
  readonly url: string;
  readonly sid: string;
  readonly apiKey: string;
  /** Flows to send to, round-robin. */
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

/** The body of the i-th flow's update (the same in every mode). */
type Body = { name: string; categories: string[]; endpoint_uri: string };

type Send = (flowId: string, body: Body) => Promise<void>;

/** The fields Get Flow Details asks for, as the client asks (the same in every mode). */
const FIELDS = "id,name,categories,endpoint_uri,status";

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
  // One client per account for the whole run, as the provider makes it (resources/context.ts).
  const client = new KaleyraClient(settings);
  if (spec.call === "get") return async (flowId) => void (await client.getFlow(flowId));
  return (flowId, body) => client.updateFlowMetadata(flowId, body);
}

function axiosSender(spec: LoadSpec): Send {
  // The axios the package depends on, resolved as the package resolves it.
  const axios = require(require.resolve("axios", { paths: [path.resolve(__dirname, "../../dist/provider")] }));
  const url = (flowId: string) =>
    `${spec.url}/v2/${encodeURIComponent(spec.sid)}/whatsapp/${encodeURIComponent(flowId)}`;
  if (spec.call === "get") {
    return async (flowId) =>
      void (await axios.get(url(flowId), {
        params: { fields: FIELDS },
        headers: { "api-key": spec.apiKey, accept: "application/json" },
      }));
  }
  return async (flowId, body) =>
    void (await axios.post(url(flowId), body, {
      headers: { "api-key": spec.apiKey, "content-type": "application/json" },
    }));
}

function transportSender(spec: LoadSpec): Send {
  // The very function the client sends with (provider/client/transport.ts), as compiled.
  const { send, queryString } = require(path.join(path.resolve(__dirname, "../../dist/provider"), "client/transport"));
  const query = queryString({ fields: FIELDS });
  return async (flowId, body) => {
    const data = spec.call === "update" ? JSON.stringify(body) : undefined;
    const response = await send({
      method: data === undefined ? "GET" : "POST",
      origin: spec.url,
      path: `/v2/${encodeURIComponent(spec.sid)}/whatsapp/${encodeURIComponent(flowId)}`,
      query: data === undefined ? query : undefined,
      data,
      apiKey: spec.apiKey,
      timeoutMs: 30_000,
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  };
}

function rawSender(spec: LoadSpec): Send {
  const agent = new http.Agent({ keepAlive: true });
  const origin = new URL(spec.url);
  return (flowId, body) =>
    new Promise<void>((resolve, reject) => {
      const data = spec.call === "update" ? JSON.stringify(body) : undefined;
      const flowPath = `/v2/${encodeURIComponent(spec.sid)}/whatsapp/${encodeURIComponent(flowId)}`;
      const request = http.request(
        {
          host: origin.hostname,
          port: origin.port,
          method: data === undefined ? "GET" : "POST",
          path: data === undefined ? `${flowPath}?fields=${encodeURIComponent(FIELDS)}` : flowPath,
          agent,
          headers: {
            "api-key": spec.apiKey,
            accept: "application/json",
            "user-agent": "bench-raw",
            ...(data === undefined
              ? {}
              : { "content-type": "application/json", "content-length": Buffer.byteLength(data) }),
          },
        },
        (response) => {
          response.on("data", () => undefined);
          response.on("end", () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(data);
    });
}

const SENDERS: Record<LoadSpec["mode"], (spec: LoadSpec) => Send> = {
  client: clientSender,
  transport: transportSender,
  axios: axiosSender,
  raw: rawSender,
};

/** Runs `spec` and resolves with what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const send = SENDERS[spec.mode](spec);
  let next = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const bodyOf = (i: number): Body => ({
    name: `Bench flow ${i + 1} r0`,
    categories: ["OTHER"],
    endpoint_uri: `https://example.com/flows/${i + 1}`,
  });

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
  return {
    requests,
    seconds,
    rps: requests / seconds,
    cpuUsPerRequest: (used.user + used.system) / Math.max(1, requests),
    errors,
    firstError,
  };
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
