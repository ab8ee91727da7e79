import { parseFlowsText } from "../gitops/flows-file";
import { formatProblem } from "../gitops/problems";
import type { FlowsPlan } from "./plan";
import type { RenderContext } from "./render";

/** The fields a rendered flow must read back exactly as planned. */
const COMPARED = ["flowId", "name", "categories", "endpointUri", "sid", "region", "apiDomain"] as const;

/**
 * Reads a rendered flows file back with the same checker `validate` and `declareFlows` use,
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
  context: Pick<RenderContext, "sid" | "region">,
): string[] {
  const { flows, problems } = parseFlowsText(text, "discovered flows file");
  const wrong = problems.map(formatProblem);
  if (wrong.length > 0) return wrong;
  const read = new Map(flows.map((entry) => [entry.resourceName, entry.args]));
  if (read.size !== plan.flows.length)
    wrong.push(`the text declares ${read.size} flows, the plan ${plan.flows.length}`);
  for (const flow of plan.flows) {
    const args = read.get(flow.resourceName);
    if (!args) {
      wrong.push(`flows.${flow.resourceName} is missing`);
      continue;
    }
    const expected = {
      flowId: flow.flowId,
      name: flow.values.name,
      categories: flow.values.categories === undefined ? undefined : [...flow.values.categories],
      endpointUri: flow.values.endpointUri,
      sid: context.sid,
      region: context.region,
      apiDomain: undefined,
    };
    for (const key of COMPARED) {
      if (JSON.stringify(args[key]) !== JSON.stringify(expected[key])) {
        wrong.push(`flows.${flow.resourceName}.${key} reads back differently from what Kaleyra holds`);
      }
    }
  }
  return wrong;
}
