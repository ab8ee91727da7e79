import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Diagnostics } from "../../engine/diagnostics";
import { type FlowJsonContext, type FlowJsonProblem, parseFlowJson, validateFlowJson } from "../../flow-json";
import { escapeControls } from "../../text/quote";
import { own, type ValidationFailure } from "../../rules";
import { DEPRECATE_ON_DELETE_MEANING, holdsUnknown, validateFlowInputs } from "../../rules/flow-inputs";
import { isUnknown } from "../../rules/unknown";
import { resolveAccount, type Settings } from "../../settings";
import { flowLabel } from "./label";

type Props = Readonly<Record<string, unknown>>;

/**
 * check: validates every input and the Flow JSON itself (syntax with file, line and column;
 * size; version; screens; components; navigation; the endpoint's consistency), resolves the
 * account, and reports every problem at once, so a bad flow fails `pulumi preview` and
 * nothing is sent. Never calls Kaleyra.
 *
 * The Flow JSON is returned as compact JSON text (whatever form the program gave): stored
 * once, as this input, and what `diff` and `up` read.
 *
 * It also says, at preview, what `up` would do that cannot be undone: publish a flow that was
 * not to be published before, or deprecate it on destroy.
 */
export async function check(
  olds: Props,
  news: Props,
  settings: Settings,
  diagnostics: Diagnostics,
): Promise<dynamic.CheckResult> {
  const { inputs, failures } = validateFlowInputs(news);
  const args = { sid: own(news, "sid"), region: own(news, "region"), apiDomain: own(news, "apiDomain") };
  const resolved = resolveAccount(args, settings);
  const label = flowLabel(own(olds, "flowId") ?? inputs.flowId, inputs.name ?? own(news, "name"));
  const flowJson = checkFlowJson(olds, news, inputs.endpointUri, label);
  const checked: Record<string, unknown> = { ...inputs, ...resolved.inputs };
  if (flowJson.value !== undefined) checked.flowJson = flowJson.value;
  const all = [
    ...failures,
    ...pinnedWabaFailures(olds, inputs, label),
    ...flowJson.failures,
    ...resolved.failures,
    ...settings.failures,
  ];
  if (all.length === 0) await sayWhatCannotBeUndone(olds, checked, label, diagnostics);
  return { inputs: checked, failures: all };
}

/**
 * The Flow JSON checked as a whole: compact text to store, or the problems found.
 *
 * A text that reads (parseFlowJson: strict, within the size, no repeated key) as exactly the
 * JSON the stack stores, beside the same `endpointUri`, is not checked again: it passed these checks when it was stored (or it is what Kaleyra holds, read
 * back by refresh), and none of it will be sent. That keeps a preview of many unchanged flows
 * from re-validating every one (the checks, and loading the JSON Schema validator, are most
 * of a Flow's preview cost). `validate` still checks every file in full.
 */
function checkFlowJson(
  olds: Props,
  news: Props,
  endpointUri: unknown,
  label: string,
): { value?: unknown; failures: ValidationFailure[] } {
  const raw = own(news, "flowJson");
  if (raw === undefined || raw === null) return { failures: [] };
  // A JSON built from other resources' outputs is not known at preview: checked at `up`.
  if (holdsUnknown(raw)) return { value: raw, failures: [] };
  const file = typeof own(news, "flowJsonFile") === "string" ? (own(news, "flowJsonFile") as string) : undefined;
  const parsed = parseFlowJson(raw);
  const compact = parsed.ok ? JSON.stringify(parsed.value) : undefined;
  // Texts only (files, strings): what stacks of many flows hold. A JSON built as an object is checked every run.
  const stored = typeof raw === "string" && compact !== undefined && compact === own(olds, "flowJson");
  if (stored && own(olds, "endpointUri") === endpointUri) return { value: compact, failures: [] };
  const problems = parsed.ok
    ? validateFlowJson(parsed.value, endpointContext(endpointUri), parsed.text)
    : parsed.problems;
  if (problems.length === 0 && parsed.ok) return { value: compact, failures: [] };
  // provider/flow-json caps the list itself (MAX_FLOW_JSON_PROBLEMS), its last entry counting the rest.
  const failures = problems.map((problem) => ({
    property: "flowJson",
    reason: `flowJson of ${label}${positionOf(problem, file)}: ${problem.message}`,
  }));
  return { failures };
}

/** ` (flows/sign-up.json line 12, column 5)`: where a problem is, when there is a file or a line to say. */
function positionOf(problem: FlowJsonProblem, file: string | undefined): string {
  const line =
    problem.line === undefined
      ? undefined
      : `line ${problem.line}${problem.column === undefined ? "" : `, column ${problem.column}`}`;
  const parts = [file === undefined ? undefined : escapeControls(file), line].filter(Boolean);
  return parts.length === 0 ? "" : ` (${parts.join(" ")})`;
}

/**
 * A `wabaId` changed beside an unchanged `flowId`: the flow stays where it is (a flow cannot
 * move between WhatsApp Business Accounts), so the change can mean nothing Kaleyra can do.
 */
function pinnedWabaFailures(olds: Props, inputs: Props, label: string): ValidationFailure[] {
  const [before, after, flowId] = [own(olds, "wabaId"), own(inputs, "wabaId"), own(inputs, "flowId")];
  if (flowId === undefined || flowId !== own(olds, "flowId") || before === undefined || after === undefined) return [];
  if (before === after || holdsUnknown(after)) return [];
  return [
    {
      property: "wabaId",
      reason:
        `wabaId of ${label} changed from ${String(before)} to ${String(after)}, but flowId ${String(flowId)} pins ` +
        `this resource to that flow, which stays in WABA ${String(before)}: a flow cannot move between WhatsApp ` +
        `Business Accounts. To make the flow anew in ${String(after)}, remove flowId (the resource is then replaced); ` +
        `otherwise put wabaId back.`,
    },
  ];
}

function endpointContext(endpointUri: unknown): FlowJsonContext {
  if (endpointUri === undefined) return { endpointUri: undefined };
  if (typeof endpointUri !== "string" || isUnknown(endpointUri)) return { endpointUri: "unknown" };
  return { endpointUri };
}

/**
 * Warnings at preview (and again at `up`) for what cannot be undone, said when the program
 * first asks for it: `publish` turned on, `deprecateOnDelete` turned on. What a change to an
 * already published flow means is said by `diff`, which knows its status.
 */
async function sayWhatCannotBeUndone(olds: Props, news: Props, label: string, diagnostics: Diagnostics): Promise<void> {
  if (news.publish === true && own(olds, "publish") !== true) {
    await diagnostics.warn(
      `${label}: \`pulumi up\` will publish this flow, unless it is published already, once its JSON is ` +
        `uploaded without validation errors. Publishing cannot be undone: a published flow can no longer be ` +
        `deleted, only deprecated.`,
    );
  }
  if (news.deprecateOnDelete === true && own(olds, "deprecateOnDelete") !== true) {
    await diagnostics.warn(`${label}: ${DEPRECATE_ON_DELETE_MEANING}`);
  }
}
