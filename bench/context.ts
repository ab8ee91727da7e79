/**
 * What every scenario shares: the options, the emulator, the stacks (created on first use,
 * once), what was learned about the machine, and the memory peaks seen so far.
 */
import type { RunningEmulator } from "../dist/emulator";
import type { BenchOptions } from "./args";
import { flowResourceCount } from "./flow-json";
import { FlowStack, FlowStackKind } from "./flow-stacks";
import { installNativePackage } from "./install";
import { progress } from "./progress";
import type { RolePeak } from "./rss-sampler";
import { BenchStack, StackKind } from "./stacks";

/** Peak memory per role of every timed command, by phase, stack kind and size. */
export class MemoryLog {
  private readonly peaks = new Map<string, number[]>();

  /** Records one command's peaks (MiB) under `phase` (e.g. `P1`). */
  record(phase: string, kind: StackKind, flows: number, memory: Record<string, RolePeak>): void {
    for (const [role, peak] of Object.entries(memory)) {
      const key = MemoryLog.key(phase, kind, flows, role);
      this.peaks.set(key, [...(this.peaks.get(key) ?? []), peak.peakMiB]);
    }
  }

  /** The peaks recorded for one phase, stack kind, size and role (empty if none). */
  get(phase: string, kind: StackKind, flows: number, role: string): number[] {
    return this.peaks.get(MemoryLog.key(phase, kind, flows, role)) ?? [];
  }

  private static key(phase: string, kind: StackKind, flows: number, role: string): string {
    return `${phase}|${kind}|${flows}|${role}`;
  }
}

/** Shared state of one bench run. */
export class BenchContext {
  readonly memory = new MemoryLog();
  /** Wall time of the `up` that created each stack, by `kind/size`, in ms (for information). */
  readonly createMs = new Map<string, number>();
  private readonly stacks = new Map<string, Promise<BenchStack>>();
  private readonly flowStacks = new Map<FlowStackKind, Promise<FlowStack>>();
  private nativeInstall: Promise<string> | undefined;

  constructor(
    readonly options: BenchOptions,
    readonly emulator: RunningEmulator,
    readonly nodeModules: string,
    /** Every flow id seeded in the emulator; a stack of n flows uses the first n. */
    readonly ids: readonly string[],
    /** `pulumi up --parallel` when not given, on this machine. */
    readonly engineDefaultParallel: number,
    /** The package's default concurrency limit (TUNING.concurrency). */
    readonly concurrency: number,
  ) {}

  /** Flows in the main stacks (N). */
  get flows(): number {
    return this.options.flows;
  }

  /** Flows in the F stacks: min(N, 200). */
  get flowResources(): number {
    return flowResourceCount(this.options.flows);
  }

  /**
   * The node_modules of the native stacks (the package beside the built Node.js SDK),
   * installed on first use, so a run without N scenarios never builds the SDK.
   */
  nativeNodeModules(): Promise<string> {
    return (this.nativeInstall ??= (async () => {
      progress("building sdk/nodejs and installing it beside the package, as a user would");
      const nodeModules = await installNativePackage();
      progress(`  native install in ${nodeModules}`);
      return nodeModules;
    })());
  }

  /**
   * The stack of `kind` with `flows` flows, created and brought up (every flow created) on
   * first use. A failure is remembered, so later scenarios fail fast instead of retrying.
   */
  stack(kind: StackKind, flows = this.flows): Promise<BenchStack> {
    const key = `${kind}/${flows}`;
    let stack = this.stacks.get(key);
    if (!stack) {
      stack = (async () => {
        progress(`creating the ${kind} stack of ${flows} flows (pulumi up)`);
        const created = await BenchStack.create(
          kind,
          this.ids.slice(0, flows),
          kind === "native" ? await this.nativeNodeModules() : this.nodeModules,
          this.emulator.url,
          this.options.latencyMs,
        );
        // The native stack shares the package stack's flows: declared at a revision of its
        // own, its create changes every flow (a GET and a POST each), as the package's does,
        // whichever of the two comes first.
        if (kind === "native") created.nextRevision();
        const up = await created.up();
        this.createMs.set(key, up.ms);
        progress(`  ${kind} stack of ${flows} flows up in ${(up.ms / 1000).toFixed(1)} s`);
        return created;
      })();
      this.stacks.set(key, stack);
    }
    return stack;
  }

  /**
   * The F stack of `kind` ({@link flowResources} flows), created and brought up on first use
   * (for `flow`: every Flow created in the F account's WABA, its JSON uploaded), like
   * {@link stack}. Its create's wall time is recorded under `kind/size` too.
   */
  flowStack(kind: FlowStackKind): Promise<FlowStack> {
    let stack = this.flowStacks.get(kind);
    if (!stack) {
      const size = this.flowResources;
      stack = (async () => {
        progress(`creating the ${kind} stack of ${size} flows (pulumi up)`);
        const created = await FlowStack.create(kind, size, this.nodeModules, this.emulator.url);
        const up = await created.up();
        this.createMs.set(`${kind}/${size}`, up.ms);
        progress(`  ${kind} stack of ${size} flows up in ${(up.ms / 1000).toFixed(1)} s`);
        return created;
      })();
      this.flowStacks.set(kind, stack);
    }
    return stack;
  }
}
