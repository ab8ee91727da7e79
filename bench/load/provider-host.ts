/**
 * The dynamic-provider process alone, driven as the engine drives it during P5's up: the real
 * host (`@pulumi/pulumi/cmd/dynamic-provider`, the process `pulumi-resource-pulumi-nodejs`
 * starts) in a child process, called over gRPC by this one playing the engine: Configure,
 * then for each of N flows Check and Diff in registration order, and Update with at most P
 * in flight, each flow's name moved to a new revision. This process also answers the host's
 * Engine.Log calls and runs the emulator (adding the latency to each request), so the child's
 * CPU is the provider's own. Prints one JSON line: the child's CPU seconds once configured
 * (the host loaded, the provider's code not yet) and in all, the CPU per flow between the two,
 * and the requests the emulator saw (checked: one GET and one POST per flow).
 *
 * For quick comparisons of the provider's own work without a whole `pulumi up` (P5 measures
 * that); `--noop` runs the sleeping no-op of bench/programs/noop the same way.
 *
 *   TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/load/provider-host.ts [--flows 500] [--parallel 32] [--noop]
 *
 * With BENCH_CPU_PROF_DIR set (an absolute path), the child writes a CPU profile there
 * (../cpu-profile-preload.js).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator } from "../../dist/emulator";
import { BENCH_API_KEY, BENCH_SID, benchSeed, flowEntries, flowIds } from "../flows";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const provproto = require(path.join(pulumiDir, "proto/provider_pb"));
const provrpc = require(path.join(pulumiDir, "proto/provider_grpc_pb"));
const enginerpc = require(path.join(pulumiDir, "proto/engine_grpc_pb"));
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
const REPO = path.resolve(__dirname, "../..");
const LATENCY_MS = 100;
const SHIM = require(path.join(REPO, "dist/provider/shim")).SERIALIZED_PROVIDER as string;

type Props = Record<string, unknown>;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The child's CPU seconds (user + system) from /proc. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The no-op's serialized provider, as the Pulumi SDK stored it for bench/programs/noop: taken
 * from the state of a noop-sleep stack that a bench run left (the SDK serializes it only
 * inside a Pulumi program).
 */
function noopProvider(): string {
  const e2e = path.join(REPO, ".tmp/e2e");
  const stacks = fs.existsSync(e2e) ? fs.readdirSync(e2e).filter((d) => d.startsWith("bench-noop-sleep-")) : [];
  const stateDir = stacks.map((d) => path.join(e2e, d, ".state")).find((d) => fs.existsSync(d));
  const file =
    stateDir &&
    fs
      .readdirSync(stateDir, { recursive: true })
      .map(String)
      .find((f) => f.endsWith("bench.json"));
  if (!stateDir || !file) throw new Error(`no state of a noop-sleep stack under ${e2e}: run P3 or P5 once first`);
  const state = JSON.parse(fs.readFileSync(path.join(stateDir, file), "utf8"));
  const resource = state.checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith("NoopMetadata"));
  return resource.inputs.__provider;
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](request, (error: unknown, response: T) => (error ? reject(error) : resolve(response))),
  );
}

async function main(): Promise<void> {
  const N = option("--flows", 500);
  const P = option("--parallel", 32);
  const noop = process.argv.includes("--noop");
  const ids = flowIds(N);
  const emulator = await startEmulator({ seed: benchSeed(ids), quiet: true });
  emulator.addFault({ type: "latency", latencyMs: LATENCY_MS });

  // The engine's Log service, which the provider's diagnostics call.
  let logs = 0;
  const engine = new grpc.Server();
  engine.addService(enginerpc.EngineService, {
    log: (_call: unknown, callback: (error: null, response: unknown) => void) => {
      logs++;
      callback(null, new emptyproto.Empty());
    },
  });
  const enginePort = await new Promise<number>((resolve, reject) =>
    engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );

  // The program's folder: where `require("pulumi-kaleyra-flows/runtime")` in the shim resolves.
  const programDir = path.join(REPO, ".tmp/provider-host");
  fs.mkdirSync(path.join(programDir, "node_modules"), { recursive: true });
  const link = path.join(programDir, "node_modules/pulumi-kaleyra-flows");
  if (!fs.existsSync(link)) fs.symlinkSync(REPO, link, "dir");

  const account = { sid: BENCH_SID, region: "IN", apiDomain: emulator.url };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KALEYRA_SID: BENCH_SID,
    KALEYRA_API_KEY: BENCH_API_KEY,
    KALEYRA_API_DOMAIN: emulator.url,
  };
  // The no-op's limiter has no default: it gets the package's (16), as P5 gives it.
  if (noop)
    Object.assign(env, {
      BENCH_NOOP_UPDATE_MS: String(LATENCY_MS),
      BENCH_NOOP_UPDATE_CALLS: "2",
      KALEYRA_CONCURRENCY: "16",
    });
  if (process.env.BENCH_CPU_PROF_DIR)
    env.NODE_OPTIONS = `--require=${path.join(__dirname, "..", "cpu-profile-preload.js")}`;
  const child = spawn(process.execPath, [path.join(pulumiDir, "cmd/dynamic-provider"), `127.0.0.1:${enginePort}`], {
    cwd: programDir,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  const provider = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  const configure = new provproto.ConfigureRequest();
  configure.setArgs(structproto.Struct.fromJavaScript({}));
  configure.setAcceptsecrets(true);
  await call(provider, "configure", configure);
  // The host's own start-up: the provider's code loads on the first Check, so it counts per flow.
  const configuredCpu = cpuSeconds(child.pid!);

  const providerText = noop ? noopProvider() : SHIM;
  const before = flowEntries(ids, 1);
  const after = flowEntries(ids, 2);
  // What state holds after the first up, and what the program registers for the second.
  const programInputs = (i: number): Props => {
    const { key: _key, ...flow } = after[i];
    return noop ? { ...flow, ...account, __provider: providerText } : { ...flow, __provider: providerText };
  };
  const oldOutputs = (i: number): Props => {
    const { key: _key, ...flow } = before[i];
    return noop
      ? { ...flow, ...account, __provider: providerText }
      : { ...flow, ...account, status: "DRAFT", __provider: providerText };
  };
  const oldInputs = (i: number): Props => {
    const { status: _status, ...inputs } = oldOutputs(i);
    return inputs;
  };
  const urn = (i: number) =>
    `urn:pulumi:bench::kaleyra-flows::pulumi-nodejs:dynamic/kaleyra:FlowMetadata::flow-${i + 1}`;

  const began = Date.now();
  const updates: Promise<void>[] = [];
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  for (let i = 0; i < N; i++) {
    const check = new provproto.CheckRequest();
    check.setUrn(urn(i));
    check.setOlds(structproto.Struct.fromJavaScript(oldInputs(i) as never));
    check.setNews(structproto.Struct.fromJavaScript(programInputs(i) as never));
    const checked: any = await call(provider, "check", check);
    if (checked.getFailuresList().length > 0)
      throw new Error(`check failed: ${JSON.stringify(checked.toObject().failuresList)}`);
    const inputs = checked.getInputs().toJavaScript();
    const diff = new provproto.DiffRequest();
    diff.setId(ids[i]);
    diff.setUrn(urn(i));
    diff.setOlds(structproto.Struct.fromJavaScript(oldOutputs(i) as never));
    diff.setNews(structproto.Struct.fromJavaScript(inputs));
    const diffed: any = await call(provider, "diff", diff);
    if (diffed.getChanges() !== provproto.DiffResponse.DiffChanges.DIFF_SOME)
      throw new Error(`flow ${i + 1}: no change`);
    if (inFlight >= P) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    const update = new provproto.UpdateRequest();
    update.setId(ids[i]);
    update.setUrn(urn(i));
    update.setOlds(structproto.Struct.fromJavaScript(oldOutputs(i) as never));
    update.setNews(structproto.Struct.fromJavaScript(inputs));
    updates.push(
      call(provider, "update", update).then(() => {
        inFlight--;
        waiting.shift()?.();
      }),
    );
  }
  await Promise.all(updates);
  const seconds = (Date.now() - began) / 1000;
  const totalCpu = cpuSeconds(child.pid!);
  const requests = emulator.requests();
  const gets = requests.filter((r) => r.method === "GET").length;
  const posts = requests.filter((r) => r.method === "POST").length;
  if (!noop && (gets !== N || posts !== N))
    throw new Error(`expected ${N} GET and ${N} POST, got ${gets} and ${posts}`);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  process.stdout.write(
    `${JSON.stringify({ kind: noop ? "noop-sleep" : "package", flows: N, parallel: P, seconds, configuredCpuS: configuredCpu, totalCpuS: totalCpu, perFlowMs: ((totalCpu - configuredCpu) * 1000) / N, gets, posts, logs })}\n`,
  );
  engine.forceShutdown();
  await emulator.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
