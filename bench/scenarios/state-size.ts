/**
 * P2, state size: bytes each FlowMetadata adds to the stack's state, against a no-op
 * dynamic resource with the same inputs. On a file (DIY) backend the whole state is
 * rewritten after every step, so these bytes are also what makes a large `up` slow.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import type { BenchStack } from "../stacks";
import { Scenario } from "./scenario";

const TYPES = ["pulumi-nodejs:dynamic/kaleyra:FlowMetadata", "pulumi-nodejs:dynamic/kaleyra:NoopMetadata"];

/** What one stack's state weighs. */
interface StateWeight {
  /** Mean bytes of one resource's entry (compact JSON, UTF-8). */
  readonly perResource: number;
  /** Mean bytes of its `__provider`, stored in inputs and outputs alike. */
  readonly providerText: number;
  /** The stack's checkpoint file on the backend, divided by the flows. */
  readonly checkpointPerFlow: number;
}

async function weigh(stack: BenchStack): Promise<StateWeight> {
  const { resources } = await stack.exportState();
  const flows = resources.filter((r) => TYPES.includes(String(r.type)));
  if (flows.length !== stack.size)
    throw new Error(`the ${stack.kind} stack's state holds ${flows.length} flow resources, expected ${stack.size}`);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const checkpoint = findCheckpoint(path.join(stack.project.dir, ".state"));
  return {
    perResource: mean(flows.map(bytes)),
    providerText: mean(flows.map((r) => bytes((r.inputs as Record<string, unknown>)?.__provider ?? ""))),
    checkpointPerFlow: checkpoint ? fs.statSync(checkpoint).size / stack.size : Number.NaN,
  };
}

/** The stack's checkpoint (`.pulumi/stacks/<project>/<stack>.json`), not its backups. */
export function findCheckpoint(backend: string): string | undefined {
  const stacks = path.join(backend, ".pulumi", "stacks");
  if (!fs.existsSync(stacks)) return undefined;
  for (const project of fs.readdirSync(stacks)) {
    const file = path.join(stacks, project, "bench.json");
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export const stateSize: Scenario = {
  id: "P2",
  title: "state size",
  async run(ctx) {
    const pkg = await weigh(await ctx.stack("package"));
    const noop = await weigh(await ctx.stack("noop"));
    progress(`  P2 bytes per flow: package ${pkg.perResource.toFixed(0)}, noop ${noop.perResource.toFixed(0)}`);
    const one = (n: number) => summarize([n]);
    const entries: Entry[] = [
      entry(
        "P2 state bytes per flow",
        "bytes",
        one(pkg.perResource),
        one(noop.perResource),
        { op: "<=", bound: 1.2 },
        "mean compact-JSON bytes of one resource in `pulumi stack export`: FlowMetadata vs a no-op dynamic resource with the same inputs",
        0,
        "P2.state",
      ),
      entry(
        "P2 __provider bytes per flow (stored twice)",
        "bytes",
        one(pkg.providerText),
        one(noop.providerText),
        null,
        "the serialized provider text each resource stores in inputs and again in outputs",
        0,
        "P2.provider-text",
      ),
      entry(
        "P2 checkpoint file bytes per flow",
        "bytes",
        one(pkg.checkpointPerFlow),
        one(noop.checkpointPerFlow),
        null,
        "size of the file backend's checkpoint (rewritten after every step of an up) divided by N",
        0,
        "P2.checkpoint",
      ),
    ];
    return entries;
  },
};
