import { resolve } from "node:path";
import { parseFlowsText } from "../gitops/flows-file";
import { formatProblem } from "../gitops/problems";
import type { FlowsPlan } from "./plan";
import type { RenderContext } from "./render";

/** The fields a rendered flow must read back exactly as planned, in either kind of entry. */
const COMPARED = ["flowId", "name", "categories", "endpointUri", "sid", "region", "apiDomain"] as const;

/** And in a Flow entry: the WABA, the publish flag, the JSON, and nothing discover does not write. */
const COMPARED_WHOLE = ["wabaId", "publish", "flowJson", "allowPublishedUpdate", "deprecateOnDelete"] as const;

/**
 * Reads a rendered flows file back with the same checker `validate` and `declareFlows` use,
 * the Flow JSON files it names included (read from the plan, since they are not written yet),
 * and compares what it declares with the plan it was rendered from. discover writes nothing
 * that fails this: a file that does not validate, or that would declare other values than
 * Kaleyra holds, would make the first `pulumi up` fail or change flows, which is exactly what
 * discover promises not to do.
 *
 * @returns What is wrong, one line each; empty when the text is right.
 */
export function verifyRendered(
  text: string,
  plan: FlowsPlan,
  context: Pick<RenderContext, "sid" | "region" | "wabaId">,
): string[] {
  // The JSON files as they will be written, where the checker will look for them.
  const baseDir = process.cwd();
  const files = new Map(
    plan.flows.flatMap((flow) => (flow.whole ? [[resolve(baseDir, flow.whole.flowJson), flow.whole.text]] : [])),
  );
  const readFlowJson = (path: string): string => {
    const found = files.get(path);
    if (found === undefined) throw Object.assign(new Error("not planned"), { code: "ENOENT" });
    return found;
  };
  const { entries, problems } = parseFlowsText(text, "discovered flows file", { baseDir, readFlowJson });
  const wrong = problems.map(formatProblem);
  if (wrong.length > 0) return wrong;
  const read = new Map(entries.map((entry) => [entry.resourceName, entry]));
  if (read.size !== plan.flows.length)
    wrong.push(`the text declares ${read.size} flows, the plan ${plan.flows.length}`);
  for (const flow of plan.flows) {
    const entry = read.get(flow.resourceName);
    if (!entry) {
      wrong.push(`flows.${flow.resourceName} is missing`);
      continue;
    }
    const kind = flow.whole ? "Flow" : "FlowMetadata";
    if (entry.kind !== kind) {
      wrong.push(`flows.${flow.resourceName} reads back as a ${entry.kind}, planned as a ${kind}`);
      continue;
    }
    const expected: Record<string, unknown> = {
      flowId: flow.flowId,
      name: flow.values.name,
      categories: flow.values.categories === undefined ? undefined : [...flow.values.categories],
      endpointUri: flow.values.endpointUri,
      sid: context.sid,
      region: context.region,
      apiDomain: undefined,
      ...(flow.whole
        ? { wabaId: context.wabaId, publish: flow.whole.publish || undefined, flowJson: flow.whole.text }
        : {}),
    };
    const args = entry.args as unknown as Record<string, unknown>;
    for (const key of [...COMPARED, ...(flow.whole ? COMPARED_WHOLE : [])]) {
      if (JSON.stringify(args[key]) !== JSON.stringify(expected[key])) {
        wrong.push(`flows.${flow.resourceName}.${key} reads back differently from what Kaleyra holds`);
      }
    }
  }
  return wrong;
}
