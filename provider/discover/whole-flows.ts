import { posix } from "node:path";
import { flowJsonTextProblems } from "../gitops/flow-json-reference";
import type { RemoteFlowJson } from "../resources/flow/remote-json";
import { UPDATE_POLICY } from "../rules/flow-status";
import { plural } from "../text/plural";
import { escapeControls, shorten } from "../text/quote";
import type { FlowsPlan, PlannedFlow } from "./plan";

/**
 * `discover --with-json`: which discovered flows are declared whole (a Flow entry, its Flow
 * JSON in a file beside the flows file) and which stay metadata only, and why. Pure: the
 * command reads the JSON, this decides, the renderer prints.
 *
 * The rule is discover's own: the file describes each flow exactly as Kaleyra holds it, so the
 * first `pulumi up` sends nothing. A Flow needs a name and categories, and a JSON that this
 * package's checks (the ones `validate` and `pulumi preview` run) accept as written; a flow
 * that lacks any of these stays a FlowMetadata, with the reason in a comment. A live flow
 * (PUBLISHED, THROTTLED) gets `publish: true`, since a Flow that is not to be published must
 * be a DRAFT.
 */

/** What was read of each flow's Flow JSON, by flow id: undefined for a flow that holds none. */
export type RemoteFlowJsons = ReadonlyMap<string, RemoteFlowJson | undefined>;

/** The longest a Flow JSON problem gets in a comment: the first one says enough to go and look. */
const PROBLEM_SHOWN_MAX = 160;

/**
 * Why a planned flow cannot be a Flow whatever its JSON, or undefined when it can: a Flow
 * needs its name and categories. Only the flows that can are worth downloading.
 */
export function cannotBeWhole(flow: PlannedFlow): string | undefined {
  for (const field of ["name", "categories"] as const) {
    if (flow.values[field] !== undefined) continue;
    const unmanaged = flow.unmanaged.some((u) => u.field === field);
    return unmanaged
      ? `a Flow needs its ${field}, which is not managed here (see above).`
      : `Kaleyra holds no ${field} for it, and a Flow needs ${field === "name" ? "one" : "them"}.`;
  }
  return undefined;
}

/**
 * The plan with each flow declared whole where it can be.
 *
 * @param remote The Flow JSON read for each flow {@link cannotBeWhole} accepted.
 * @param folder The JSON files' folder relative to the flows file's, forward slashes ("" for the same folder).
 */
export function planWholeFlows(plan: FlowsPlan, remote: RemoteFlowJsons, folder: string): FlowsPlan {
  const flows = plan.flows.map((flow): PlannedFlow => {
    const why = cannotBeWhole(flow) ?? jsonProblem(flow, remote.get(flow.flowId));
    if (why !== undefined) return { ...flow, metadataOnly: why };
    const fileName = `${flow.resourceName}.json`;
    const whole = {
      flowJson: posix.join(folder, fileName),
      fileName,
      text: textOf(remote.get(flow.flowId)!),
      publish: UPDATE_POLICY[flow.status] === "opt-in",
    };
    return { ...flow, whole };
  });
  return { ...plan, flows };
}

/** The file's text: the values as downloaded, two-space indented, as people edit them. */
function textOf(json: RemoteFlowJson): string {
  return `${JSON.stringify(json.value, null, 2)}\n`;
}

/** Why the flow's JSON cannot be declared as Kaleyra holds it, or undefined when it can. */
function jsonProblem(flow: PlannedFlow, json: RemoteFlowJson | undefined): string | undefined {
  if (json === undefined) return "Kaleyra holds no Flow JSON for it; add flowJson once it has one.";
  if (json.value === undefined) return "its Flow JSON on Kaleyra is not a JSON object, so there is none to write.";
  // The text written, checked as `validate` will check it, with the endpoint the entry declares.
  const problems = flowJsonTextProblems(textOf(json), { endpointUri: flow.values.endpointUri });
  if (problems.length === 0) return undefined;
  const first = shorten(escapeControls(problems[0].message), PROBLEM_SHOWN_MAX);
  return (
    `its Flow JSON does not pass this package's checks (${plural(problems.length, "problem")}; the first: ` +
    `${first}); fix it in WhatsApp Manager, then run discover again.`
  );
}
