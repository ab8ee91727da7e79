/**
 * N1-N4, the native provider against the dynamic one, in the same run: the same N
 * FlowMetadata, declared by the same TypeScript program (the root program's code) with the
 * same stack config, once through the dynamic provider (`kaleyra.FlowMetadata` of the
 * package, served by `@pulumi/pulumi`'s dynamic-provider host: the `package` stack of P1-P5)
 * and once through the native one (`kaleyra:index:FlowMetadata` of the generated Node.js SDK,
 * sdk/nodejs, served by the plugin `pulumi-resource-kaleyra`: the `native` stack,
 * bench/programs/native). Same language, SDK, engine and lifecycle code: only the provider
 * differs. Every ratio is native / dynamic; target: at most 1.05 on each.
 *
 * - N1: `pulumi preview --expect-no-changes` after `up` (no request sent, checked).
 * - N2: `pulumi up` changing all N flows at the defaults (engine `--parallel`, the package's
 *   concurrency, checkpoints on), the emulator adding `latency` ms per request; a GET and a
 *   POST per flow, checked on every run, as in P3.
 * - N3: the same `up` with the GitOps apply template's settings (read from
 *   examples/gitops/.github/workflows/apply.yml, as P5 does).
 * - N4: bytes per flow in `pulumi stack export`: the FlowMetadata resources only; each
 *   stack's provider resource (`pulumi:providers:kaleyra`, `pulumi:providers:pulumi-nodejs`)
 *   is reported apart, for information.
 *
 * Beside each time: the CPU seconds and peak memory of the provider, program and engine
 * processes, for information, to say where one side is better.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchContext } from "../context";
import { readTemplate } from "../gitops-template";
import { progress } from "../progress";
import { entry, Entry, Target } from "../report";
import type { BenchStack, Timed } from "../stacks";
import { summarize, Summary } from "../stats";
import { over, REQUESTS_PER_CHANGED_FLOW } from "./parallelism";
import { Scenario, interleaved } from "./scenario";
import { findCheckpoint } from "./state-size";
import { measureRuns, Run, tag, UpSample } from "./up-runs";

/** Every N target: native at most 5% above dynamic. */
const TARGET: Target = { op: "<=", bound: 1.05 };

/** The processes whose CPU and memory are reported beside the times. */
const ROLES = ["provider", "program", "engine"] as const;

/** What each role's figure is, in a note. */
const ROLE_TEXT: Record<(typeof ROLES)[number], string> = {
  provider: "the provider process (native: the plugin pulumi-resource-kaleyra; dynamic: the dynamic-provider host)",
  program: "the program process (the same TypeScript program and SDK on both sides)",
  engine: "the CLI's engine process",
};

/** The flow resources of each side, by type token. */
const FLOW_TYPES = {
  native: "kaleyra:index:FlowMetadata",
  package: "pulumi-nodejs:dynamic/kaleyra:FlowMetadata",
} as const;

/** The two sides, native first: the value; dynamic (the `package` stack): the baseline. */
const SIDES = ["native", "package"] as const;
type Side = (typeof SIDES)[number];

async function stacksOf(ctx: BenchContext): Promise<Record<Side, BenchStack>> {
  return { native: await ctx.stack("native"), package: await ctx.stack("package") };
}

/** Entries of each role's CPU seconds and peak memory, native vs dynamic, for information. */
function processEntries(
  id: string,
  label: string,
  cpu: (side: Side, role: string) => Summary,
  peak: (side: Side, role: string) => Summary,
): Entry[] {
  return ROLES.flatMap((role) => [
    entry(
      `${label}: CPU, ${role} process`,
      "s",
      cpu("native", role),
      cpu("package", role),
      null,
      `CPU seconds of ${ROLE_TEXT[role]}: native vs dynamic`,
      2,
      `${id}.cpu-${role}`,
    ),
    entry(
      `${label}: peak memory, ${role} process`,
      "MiB",
      peak("native", role),
      peak("package", role),
      null,
      `peak resident memory of ${ROLE_TEXT[role]}: native vs dynamic`,
      1,
      `${id}.peak-${role}`,
    ),
  ]);
}

export const nativePreview: Scenario = {
  id: "N1",
  title: "native vs dynamic provider: preview, nothing changed",
  async run(ctx) {
    const stacks = await stacksOf(ctx);
    const timed: Record<Side, Timed[]> = { native: [], package: [] };
    const requestsBefore = ctx.emulator.stats().totalRequests;
    const samples = await interleaved(SIDES, ctx.options.repeats, async (side, round) => {
      const run = await stacks[side].previewNoChanges();
      timed[side].push(run);
      progress(`  N1 ${round + 1}/${ctx.options.repeats} preview ${side}: ${(run.ms / 1000).toFixed(1)} s`);
      return run.ms / 1000;
    });
    const sent = ctx.emulator.stats().totalRequests - requestsBefore;
    if (sent !== 0) throw new Error(`preview sent ${sent} requests to Kaleyra; it must send none`);
    const figure = (side: Side, role: string, of: (t: Timed[]) => number[]) => summarize(of(timed[side]));
    return [
      entry(
        `N1 preview, ${ctx.flows} flows, no changes: native vs dynamic`,
        "s",
        summarize(samples.native),
        summarize(samples.package),
        TARGET,
        "`pulumi preview --expect-no-changes` wall time: the FlowMetadata stack on the native provider (Node.js SDK) vs the same program on the dynamic provider",
        2,
        "N1.preview",
      ),
      ...processEntries(
        "N1.preview",
        "N1 preview",
        (side, role) => figure(side, role, (t) => t.map((r) => r.memory[role]?.cpuSeconds ?? 0)),
        (side, role) => figure(side, role, (t) => t.map((r) => r.memory[role]?.peakMiB ?? 0)),
      ),
    ];
  },
};

/** N2 and N3: timed ups of both stacks under `settings`, every flow changed each time. */
async function upComparison(
  ctx: BenchContext,
  id: "N2" | "N3",
  settings: Omit<Run, "id" | "kind">,
  what: string,
): Promise<Entry[]> {
  const runs: Record<Side, Run> = {
    native: { id: `${id}-native`, kind: "native", ...settings },
    package: { id: `${id}-dynamic`, kind: "package", ...settings },
  };
  const measured = await measureRuns(ctx, Object.values(runs), (run) => ctx.stack(run.kind), id);
  const of = (side: Side, figure: (s: UpSample) => number) => over(measured.get(runs[side])!, figure);
  const label = `${id} up`;
  const R = REQUESTS_PER_CHANGED_FLOW;
  return [
    entry(
      `${label}, ${ctx.flows} flows changed, ${ctx.options.latencyMs} ms/request (${tag(ctx, runs.native)}${settings.skipCheckpoints ? ", no checkpoints" : ""}): native vs dynamic`,
      "s",
      of("native", (s) => s.seconds),
      of("package", (s) => s.seconds),
      TARGET,
      `pulumi up wall time ${what}, a GET and a POST per flow on both sides (${R} x N, checked): the native provider vs the dynamic one`,
      2,
      `${id}.up`,
    ),
    ...processEntries(
      `${id}.up`,
      label,
      (side, role) => of(side, (s) => s.cpuSeconds[role] ?? 0),
      (side, role) => of(side, (s) => s.peakMiB[role] ?? 0),
    ),
  ];
}

export const nativeUpDefaults: Scenario = {
  id: "N2",
  title: "native vs dynamic provider: up of N changed flows at the defaults",
  async run(ctx) {
    const entries = await upComparison(
      ctx,
      "N2",
      { skipCheckpoints: false },
      "at the engine's default --parallel and the package's default concurrency, checkpoints on",
    );
    // How long bringing each stack up took (its create: a GET and a POST per flow, no added
    // latency), when this run created both; one sample each, for information.
    const created = (kind: string) => ctx.createMs.get(`${kind}/${ctx.flows}`);
    const native = created("native");
    const dynamic = created("package");
    if (native !== undefined && dynamic !== undefined) {
      entries.push(
        entry(
          `N2 create: up creating ${ctx.flows} flows, native vs dynamic`,
          "s",
          summarize([native / 1000]),
          summarize([dynamic / 1000]),
          null,
          "the one up that created each stack (a GET and a POST per flow, no added latency, defaults): one sample each",
          2,
          "N2.create",
        ),
      );
    }
    return entries;
  },
};

export const nativeUpTemplate: Scenario = {
  id: "N3",
  title: "native vs dynamic provider: up of N changed flows with the GitOps template's settings",
  async run(ctx) {
    const template = readTemplate();
    return upComparison(
      ctx,
      "N3",
      { parallel: template.parallel, concurrency: template.concurrency, skipCheckpoints: template.skipCheckpoints },
      "with the settings of examples/gitops/.github/workflows/apply.yml",
    );
  },
};

/** What one stack's state weighs. */
interface StateWeight {
  /** Mean compact-JSON bytes of one flow resource. */
  readonly perFlow: number;
  /** Bytes of the stack's provider resources (`pulumi:providers:*`), all together. */
  readonly providers: number;
  /** Whether any flow resource stores a `__provider` input or output. */
  readonly storesProviderText: boolean;
  /** The file backend's checkpoint, divided by the flows. */
  readonly checkpointPerFlow: number;
}

async function weigh(stack: BenchStack, type: string): Promise<StateWeight> {
  const { resources } = await stack.exportState();
  const flows = resources.filter((r) => r.type === type);
  if (flows.length !== stack.size)
    throw new Error(`the ${stack.kind} stack's state holds ${flows.length} ${type}, expected ${stack.size}`);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
  const providers = resources.filter((r) => String(r.type).startsWith("pulumi:providers:"));
  const checkpoint = findCheckpoint(path.join(stack.project.dir, ".state"));
  return {
    perFlow: flows.reduce((sum, r) => sum + bytes(r), 0) / flows.length,
    providers: providers.reduce((sum, r) => sum + bytes(r), 0),
    storesProviderText: flows.some(
      (r) =>
        (r.inputs as Record<string, unknown> | undefined)?.__provider !== undefined ||
        (r.outputs as Record<string, unknown> | undefined)?.__provider !== undefined,
    ),
    checkpointPerFlow: checkpoint ? fs.statSync(checkpoint).size / stack.size : Number.NaN,
  };
}

export const nativeStateSize: Scenario = {
  id: "N4",
  title: "native vs dynamic provider: state bytes per flow",
  async run(ctx) {
    const stacks = await stacksOf(ctx);
    const native = await weigh(stacks.native, FLOW_TYPES.native);
    const dynamic = await weigh(stacks.package, FLOW_TYPES.package);
    progress(`  N4 bytes per flow: native ${native.perFlow.toFixed(0)}, dynamic ${dynamic.perFlow.toFixed(0)}`);
    const one = (n: number) => summarize([n]);
    const N = ctx.flows;
    const provider = (w: StateWeight) => (w.storesProviderText ? "stores" : "does not store");
    return [
      entry(
        "N4 state bytes per flow: native vs dynamic",
        "bytes",
        one(native.perFlow),
        one(dynamic.perFlow),
        TARGET,
        `mean compact-JSON bytes of one FlowMetadata resource in \`pulumi stack export\`, flow resources only (the provider resource not counted): native (${FLOW_TYPES.native}, ${provider(native)} __provider) vs dynamic (${FLOW_TYPES.package}, ${provider(dynamic)} __provider)`,
        0,
        "N4.state",
      ),
      entry(
        "N4 state bytes per flow, provider resource included",
        "bytes",
        one(native.perFlow + native.providers / N),
        one(dynamic.perFlow + dynamic.providers / N),
        null,
        `the same with each stack's provider resources spread over the ${N} flows: native pulumi:providers:kaleyra, ${native.providers} bytes (its inputs are the stack's kaleyra:* config); dynamic pulumi:providers:pulumi-nodejs, ${dynamic.providers} bytes (its inputs and outputs are the stack's whole config, the kaleyra-flows:flows list among it)`,
        0,
        "N4.state.with-provider",
      ),
      entry(
        "N4 checkpoint file bytes per flow",
        "bytes",
        one(native.checkpointPerFlow),
        one(dynamic.checkpointPerFlow),
        null,
        "size of the file backend's checkpoint (rewritten after every step of an up with checkpoints on) divided by N: native vs dynamic",
        0,
        "N4.checkpoint",
      ),
    ];
  },
};
