/**
 * The F scenarios' stacks: `flow`, programs/flow with one kaleyra.Flow per flow, created in the
 * F account's WABA; `noop-flow`, programs/noop-flow, the same flows as no-op dynamic resources
 * holding the same inputs under the same property names a Flow registers (its outputs among
 * them, undefined until the provider sets them); `noop-flow-given`, the same program holding
 * only the inputs the program gives, for information. Both read the same generated Flow JSON files (flow-json.ts), written
 * into each project's `flows/` folder as a user keeps them in a repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FLOW_CATEGORIES } from "../dist/emulator";
import { PulumiProject } from "../tests/support/pulumi-project";
import { flowJsonFileName, flowJsonText } from "./flow-json";
import { FLOW_BENCH_ACCOUNT } from "./flows";
import { timedPulumi, type Timed } from "./stacks";

/** Which program an F stack runs. */
export type FlowStackKind = "flow" | "noop-flow" | "noop-flow-given";

const PROGRAMS: Record<FlowStackKind, string> = {
  flow: path.join(__dirname, "programs", "flow"),
  "noop-flow": path.join(__dirname, "programs", "noop-flow"),
  "noop-flow-given": path.join(__dirname, "programs", "noop-flow"),
};

/** An F stack of `size` flows. */
export class FlowStack {
  /** The revision of each flow's JSON file, by index: what the files on disk hold now. */
  readonly revisions: number[];

  private constructor(
    readonly kind: FlowStackKind,
    readonly size: number,
    readonly project: PulumiProject,
  ) {
    this.revisions = Array.from({ length: size }, () => 0);
  }

  /**
   * Creates the project and stack, writes every flow's JSON file and the stack config (no
   * `up` yet). The account comes from the environment, as in a pipeline.
   */
  static async create(kind: FlowStackKind, size: number, nodeModules: string, apiDomain: string): Promise<FlowStack> {
    const project = await PulumiProject.create(`bench-${kind}-${size}`, {
      source: PROGRAMS[kind],
      nodeModules,
      stack: "bench",
      env: {
        KALEYRA_API_DOMAIN: apiDomain,
        KALEYRA_SID: FLOW_BENCH_ACCOUNT.sid,
        KALEYRA_API_KEY: FLOW_BENCH_ACCOUNT.apiKey,
      },
    });
    const stack = new FlowStack(kind, size, project);
    fs.mkdirSync(path.join(project.dir, "flows"));
    for (let i = 0; i < size; i++) stack.writeJson(i);
    project.setConfig({
      // Which properties the no-op registers (programs/noop-flow): a Flow's, or only those given.
      ...(kind === "flow" ? {} : { "kaleyra-flows:shape": kind === "noop-flow" ? "flow" : "given" }),
      "kaleyra-flows:flows": Array.from({ length: size }, (_, i) => ({
        key: `flow-${i + 1}`,
        file: flowJsonFileName(i),
        wabaId: FLOW_BENCH_ACCOUNT.wabaId,
        // Unique within the WABA, as Meta wants.
        name: `Bench Flow ${i + 1}`,
        categories: [FLOW_CATEGORIES[i % FLOW_CATEGORIES.length]],
      })),
    });
    return stack;
  }

  /** The path of flow `index`'s JSON file. */
  jsonPath(index: number): string {
    return path.join(this.project.dir, flowJsonFileName(index));
  }

  /** Moves flow `index`'s JSON file to its next revision: the next `up` changes that flow alone. */
  changeJson(index: number): void {
    this.revisions[index]++;
    this.writeJson(index);
  }

  private writeJson(index: number): void {
    fs.writeFileSync(this.jsonPath(index), flowJsonText(index, this.revisions[index]));
  }

  /** `pulumi up` (no preview), timed. */
  up(env: NodeJS.ProcessEnv = {}): Promise<Timed> {
    return this.timed(["up", "--yes", "--skip-preview"], env);
  }

  /** `pulumi preview --expect-no-changes`, timed: fails if anything would change. */
  previewNoChanges(env: NodeJS.ProcessEnv = {}): Promise<Timed> {
    return this.timed(["preview", "--expect-no-changes"], env);
  }

  /** `pulumi stack export`, parsed. */
  exportState(): Promise<{ text: string; resources: Array<Record<string, unknown>> }> {
    return this.project.exportState();
  }

  private timed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Timed> {
    return timedPulumi(this.project, `the ${this.kind} stack of ${this.size} flows`, args, env);
  }
}
