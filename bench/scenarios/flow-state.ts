/**
 * F2, state size of Flows: the bytes each Flow adds to the stack's state, against a budget of
 * 1.1 x its Flow JSON file's size plus 3 KB (3,072 bytes). A Flow's inputs hold its JSON once
 * (as the compact text its check makes of the file); its outputs hold only the JSON's sha256,
 * so the rest of the budget is the resource's URN, the account, the metadata and the
 * provider's loader, which every dynamic resource stores.
 *
 * Bytes per Flow: the compact JSON of `pulumi stack export`'s deployment, minus the same
 * deployment without its Flow resources (the stack resource, the provider: what an empty
 * stack holds), divided by the Flows, so each Flow's share of the punctuation is counted too.
 * (Here the default provider also stores the stack config, which lists the flows: it grows
 * with F but is the bench program's config, not the Flow's, and left out with the rest.)
 * The baseline of the entry is the budget, computed from the mean size of the stack's JSON
 * files on disk as the user keeps them (pretty-printed), so ratio <= 1 is the target met.
 * The no-op stack (programs/noop-flow: the same inputs, the JSON held twice, in inputs and
 * outputs, as a plain no-op does) is weighed the same way, for comparison.
 */
import * as fs from "node:fs";
import { FLOW_JSON_BYTES } from "../flow-json";
import type { FlowStack } from "../flow-stacks";
import { entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { Scenario } from "./scenario";

const TYPES: Record<FlowStack["kind"], string> = {
  flow: "pulumi-nodejs:dynamic/kaleyra:Flow",
  "noop-flow": "pulumi-nodejs:dynamic/kaleyra:Noop",
  "noop-flow-given": "pulumi-nodejs:dynamic/kaleyra:Noop",
};

/** The budget's terms: 1.1 x the JSON file's bytes, plus 3 KB. */
const JSON_FACTOR = 1.1;
const FIXED_BYTES = 3 * 1024;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** What one stack's state weighs per flow. */
interface Weight {
  /** (deployment - deployment without the flows) / flows, compact JSON. */
  readonly perFlow: number;
  /** Mean bytes of one flow's `inputs.flowJson`. */
  readonly flowJsonText: number;
  /** Mean bytes of one flow's `outputs`. */
  readonly outputs: number;
  /** The rest of the deployment: what a stack of no flows holds. */
  readonly overhead: number;
}

async function weigh(stack: FlowStack): Promise<Weight> {
  const { text } = await stack.exportState();
  const deployment = (JSON.parse(text) as { deployment: { resources: Array<Record<string, unknown>> } }).deployment;
  const flows = deployment.resources.filter((r) => r.type === TYPES[stack.kind]);
  if (flows.length !== stack.size)
    throw new Error(`the ${stack.kind} stack's state holds ${flows.length} flow resources, expected ${stack.size}`);
  const rest = { ...deployment, resources: deployment.resources.filter((r) => r.type !== TYPES[stack.kind]) };
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const overhead = bytes(rest);
  return {
    perFlow: (bytes(deployment) - overhead) / stack.size,
    flowJsonText: mean(flows.map((r) => bytes((r.inputs as Record<string, unknown>)?.flowJson ?? ""))),
    outputs: mean(flows.map((r) => bytes(r.outputs ?? {}))),
    overhead,
  };
}

export const flowStateSize: Scenario = {
  id: "F2",
  title: "state size of Flows",
  async run(ctx) {
    const flow = await ctx.flowStack("flow");
    const pkg = await weigh(flow);
    const noop = await weigh(await ctx.flowStack("noop-flow"));
    const files = Array.from({ length: flow.size }, (_, i) => fs.statSync(flow.jsonPath(i)).size);
    const fileBytes = files.reduce((a, b) => a + b, 0) / files.length;
    const budget = JSON_FACTOR * fileBytes + FIXED_BYTES;
    progress(
      `  F2 bytes per flow: Flow ${pkg.perFlow.toFixed(0)}, budget ${budget.toFixed(0)} (JSON files ${fileBytes.toFixed(0)}), no-op ${noop.perFlow.toFixed(0)}`,
    );
    const one = (n: number) => summarize([n]);
    const N = ctx.flowResources;
    return [
      entry(
        `F2 state bytes per Flow, ${N} Flows of ${FLOW_JSON_BYTES / 1024} KB JSON, vs 1.1 x JSON + 3 KB`,
        "bytes",
        one(pkg.perFlow),
        one(budget),
        { op: "<=", bound: 1 },
        `compact-JSON bytes of \`pulumi stack export\`'s deployment minus the same without the Flows, per Flow, against the budget ${JSON_FACTOR} x the mean JSON file (${fileBytes.toFixed(0)} bytes as kept on disk, pretty-printed) + ${FIXED_BYTES} bytes; ratio <= 1 is the target met`,
        0,
        "F2.state",
      ),
      entry(
        "F2 state bytes per Flow, vs the no-op holding the same inputs",
        "bytes",
        one(pkg.perFlow),
        one(noop.perFlow),
        null,
        "the same count for the no-op stack, which holds the JSON text in inputs and again in outputs, as any plain no-op returns its inputs",
        0,
        "F2.state.vs-noop",
      ),
      entry(
        "F2 Flow JSON text in a Flow's inputs",
        "bytes",
        one(pkg.flowJsonText),
        one(fileBytes),
        null,
        "mean bytes of `inputs.flowJson` (the compact text check makes of the file, JSON-escaped) against the file as kept on disk",
        0,
        "F2.flow-json",
      ),
      entry(
        "F2 a Flow's outputs",
        "bytes",
        one(pkg.outputs),
        one(noop.outputs),
        null,
        "mean bytes of one resource's `outputs`: the Flow keeps the JSON's sha256 there, the no-op the whole JSON again",
        0,
        "F2.outputs",
      ),
      entry(
        "F2 state without the Flows",
        "bytes",
        one(pkg.overhead),
        one(noop.overhead),
        null,
        "the deployment's other resources (the stack, the default provider) and fields: what F2.state leaves out. It grows with the Flows because the default provider stores the stack's config, the bench program's list of flows, in its inputs and outputs: the program's own, the same in both stacks, not the Flow's",
        0,
        "F2.overhead",
      ),
    ];
  },
};
