/**
 * The benchmark's stacks: the root program with N FlowMetadata ("package"), the no-op
 * baseline program with the same N inputs ("noop"), or the same FlowMetadata on the native
 * provider ("native"), each a real Pulumi project on a file backend (tests/support's
 * PulumiProject), and a way to time one CLI command on it while sampling its processes' memory.
 */
import * as path from "node:path";
import { PulumiProject } from "../tests/support/pulumi-project";
import { RunResult } from "../tests/support/run";
import { BENCH_API_KEY, BENCH_SID, flowEntries, freshRevision } from "./flows";
import { RolePeak, RssSampler } from "./rss-sampler";

/**
 * Which program a stack runs: the root program (FlowMetadata on the dynamic provider), the
 * plain no-op baseline, the no-op whose update sleeps like one API call (the baseline of P3),
 * or the root program's FlowMetadata on the native provider through the Node.js SDK (N1-N4).
 */
export type StackKind = "package" | "noop" | "noop-sleep" | "native";

/** Whether a stack of `kind` talks to Kaleyra (the emulator): the package's FlowMetadata, dynamic or native. */
export function sendsRequests(kind: StackKind): boolean {
  return kind === "package" || kind === "native";
}

/**
 * Sleeps per update of a `noop-sleep` stack, each under its own slot of the limit: the
 * package's update of a changed flow is two requests (Get Flow Details, then Update Flow
 * Metadata), each queued for a slot of its own, so the baseline does the same.
 */
export const NOOP_CALLS_PER_UPDATE = 2;

/** The no-op baseline program. */
export const NOOP_PROGRAM = path.join(__dirname, "programs", "noop");

/** The root program's FlowMetadata on the native provider (the Node.js SDK). */
export const NATIVE_PROGRAM = path.join(__dirname, "programs", "native");

/** Each kind's program; undefined: the repository's root program. */
const PROGRAMS: Record<StackKind, string | undefined> = {
  package: undefined,
  noop: NOOP_PROGRAM,
  "noop-sleep": NOOP_PROGRAM,
  native: NATIVE_PROGRAM,
};

/** One timed command: wall time and each watched process's peak memory. */
export interface Timed {
  readonly ms: number;
  readonly memory: Record<string, RolePeak>;
  readonly result: RunResult;
}

/** A benchmark stack of `ids.length` flows. */
export class BenchStack {
  /** The revision of the flows' names in the stack config (and, after `up`, in state). */
  revision = 0;

  private constructor(
    readonly kind: StackKind,
    readonly ids: readonly string[],
    readonly project: PulumiProject,
  ) {}

  /** Flows in this stack. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * Creates the project and stack and writes the flows into its config (no `up` yet).
   * Account settings come from the environment, as in a pipeline. `nodeModules` is the
   * install the project links (for `native`, one holding the Node.js SDK). `sleepMs` is the time of
   * one call of a `noop-sleep` stack's update. `label` names the project's folder (default
   * `<kind>-<flows>`): a stack made afresh under the same label replaces the last one.
   */
  static async create(
    kind: StackKind,
    ids: readonly string[],
    nodeModules: string,
    apiDomain: string,
    sleepMs = 0,
    label = `${kind}-${ids.length}`,
  ): Promise<BenchStack> {
    const project = await PulumiProject.create(`bench-${label}`, {
      source: PROGRAMS[kind],
      nodeModules,
      stack: "bench",
      env: {
        KALEYRA_API_DOMAIN: apiDomain,
        KALEYRA_SID: BENCH_SID,
        KALEYRA_API_KEY: BENCH_API_KEY,
        ...(kind === "noop-sleep"
          ? { BENCH_NOOP_UPDATE_MS: String(sleepMs), BENCH_NOOP_UPDATE_CALLS: String(NOOP_CALLS_PER_UPDATE) }
          : {}),
      },
    });
    const stack = new BenchStack(kind, ids, project);
    stack.writeFlows();
    return stack;
  }

  /**
   * Moves every flow's name to a revision no stack of the run has used: the next `up`
   * changes all of them (for the package: one read and one update per flow).
   */
  nextRevision(): void {
    this.setRevision(freshRevision());
  }

  /** Declares the flows at `revision` (e.g. one the emulator already holds, to adopt). */
  setRevision(revision: number): void {
    this.revision = revision;
    this.writeFlows();
  }

  private writeFlows(): void {
    this.project.setConfig({ "kaleyra-flows:flows": flowEntries(this.ids, this.revision) });
  }

  /** `pulumi up` (no preview), timed. `parallel` sets `--parallel`; undefined keeps the engine default. */
  up(env: NodeJS.ProcessEnv = {}, parallel?: number): Promise<Timed> {
    return this.timed(["up", "--yes", "--skip-preview", ...(parallel ? ["--parallel", String(parallel)] : [])], env);
  }

  /** `pulumi preview --expect-no-changes`, timed: fails if anything would change. */
  previewNoChanges(env: NodeJS.ProcessEnv = {}): Promise<Timed> {
    return this.timed(["preview", "--expect-no-changes"], env);
  }

  /** `pulumi stack export`, parsed. */
  exportState(): Promise<{ text: string; resources: Array<Record<string, unknown>> }> {
    return this.project.exportState();
  }

  /** Runs `pulumi ARGS`, timing it and sampling memory; throws with the output's tail on failure. */
  timed(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
    return timedPulumi(this.project, `the ${this.kind} stack of ${this.size} flows`, args, env);
  }
}

/**
 * Runs `pulumi ARGS` in `project`, timing it and sampling the memory of its processes (those
 * whose environment holds the project's private PULUMI_HOME); throws with the output's tail
 * on failure, naming the stack as `what` says.
 */
export async function timedPulumi(
  project: PulumiProject,
  what: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Timed> {
  const sampler = new RssSampler(`PULUMI_HOME=${path.join(project.dir, ".pulumi-home")}`).start();
  let result: RunResult;
  let memory: Record<string, RolePeak> = {};
  try {
    result = await project.pulumi(args, env);
  } finally {
    memory = sampler.stop();
  }
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} on ${what} exited ${result.code}:\n${result.output.slice(-3000)}`);
  }
  return { ms: result.ms, memory, result };
}
