import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Diagnostics } from "../../engine/diagnostics";
import { flowJsonSha256 } from "../../flow-json";
import { isFlowStatus, own, UPDATE_POLICY } from "../../rules";
import { holdsUnknown } from "../../rules/flow-inputs";
import { differs } from "../flow-metadata/compare";
import { flowLabel } from "./label";
import { PublishedFlowError } from "../../errors";

type Props = Readonly<Record<string, unknown>>;

/**
 * Fields whose change means another flow: the resource is replaced. Only the flow's identity:
 * a flow lives in one WABA and has one id. The account's route (`sid`, `region`, `apiDomain`)
 * is not among them, unlike FlowMetadata's: the engine creates a replacement before it deletes
 * the old resource, and a replacement reaching the same flow by another route would adopt it,
 * then the old resource's delete would delete (or deprecate) that very flow. A route change is
 * an update: the flow is read through the new route, and only what differs is sent.
 */
export const FLOW_REPLACE_FIELDS = ["wabaId", "flowId"] as const;

/** Fields compared one by one; the Flow JSON is compared by its sha256. */
const UPDATE_FIELDS = [
  "name",
  "categories",
  "endpointUri",
  "publish",
  "deprecateOnDelete",
  "sid",
  "region",
  "apiDomain",
] as const;

/**
 * diff: compares old outputs with new checked inputs without calling Kaleyra. The Flow JSON
 * is compared by the sha256 of its canonical form (key order and whitespace never show a
 * change; array order does) against the one the stack recorded; the engine shows the changed
 * paths from the old and new `flowJson` inputs. A `wabaId` or `flowId` that names another
 * WABA or flow replaces (see {@link FLOW_REPLACE_FIELDS}). `deprecateOnDelete` changes only the
 * record (destroy reads it from there).
 *
 * A PUBLISHED flow with `publish: false` fails the preview: it cannot go back. A change to a
 * published flow is said as FlowMetadata says it (the opt-in, the return to DRAFT), and so is
 * a replace that will deprecate the old flow.
 */
export async function diff(olds: Props, news: Props, diagnostics: Diagnostics): Promise<dynamic.DiffResult> {
  const status = own(olds, "status");
  const label = flowLabel(own(olds, "flowId"), own(news, "name") ?? own(olds, "name"));
  // A flowId that names the flow this resource holds pins it: whatever else changed, it is the
  // same flow (check refuses a wabaId change beside it), so it is never replaced.
  const pinned = own(news, "flowId") !== undefined && own(news, "flowId") === own(olds, "flowId");
  const replaces = pinned
    ? []
    : FLOW_REPLACE_FIELDS.filter((field) => {
        const next = own(news, field);
        // A flow created in a WABA has no flowId input; adding wabaId to an adopted flow is no move.
        if (next === undefined || own(olds, field) === undefined) return false;
        return differs(field, own(olds, field), next);
      });
  const updates: string[] = UPDATE_FIELDS.filter((field) => differs(field, own(olds, field), valueOf(news, field)));
  const json = own(news, "flowJson");
  if (
    holdsUnknown(json) ||
    (typeof json === "string" && flowJsonSha256(JSON.parse(json)) !== own(olds, "flowJsonSha256"))
  ) {
    updates.push("flowJson");
  }
  const changes = replaces.length > 0 || updates.length > 0;

  if (replaces.length === 0 && isFlowStatus(status) && UPDATE_POLICY[status] === "opt-in" && !own(news, "publish")) {
    const name = own(olds, "name");
    throw new PublishedFlowError({
      flowId: String(own(olds, "flowId")),
      flowStatus: status,
      ...(typeof name === "string" ? { flowName: name } : {}),
    });
  }
  if (replaces.length > 0) await sayReplace(olds, label, diagnostics);
  else if (isFlowStatus(status)) await sayStatus(status, updates, news, olds, label, diagnostics);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** A new input as the record holds it: the flags' defaults (false) filled in. */
function valueOf(news: Props, field: (typeof UPDATE_FIELDS)[number]): unknown {
  const value = own(news, field);
  return (field === "publish" || field === "deprecateOnDelete") && value === undefined ? false : value;
}

async function sayStatus(
  status: string,
  updates: readonly string[],
  news: Props,
  olds: Props,
  label: string,
  diagnostics: Diagnostics,
): Promise<void> {
  const flowChanges = updates.filter((field) => ["name", "categories", "endpointUri", "flowJson"].includes(field));
  const changing = `${flowChanges.join(", ")} would change`;
  const policy = isFlowStatus(status) ? UPDATE_POLICY[status] : undefined;
  if (flowChanges.length > 0 && policy === "opt-in") {
    if (news.allowPublishedUpdate !== true) {
      await diagnostics.warn(
        `${label} was ${status} when last read; ${changing}. \`pulumi up\` will stop at this flow and send ` +
          `nothing, unless allowPublishedUpdate is set (the change may put the flow back to DRAFT).`,
      );
      return;
    }
    await diagnostics.warn(
      `${label} was ${status} when last read; ${changing}, and allowPublishedUpdate is on: the change may put the ` +
        `flow back to DRAFT, and \`pulumi up\` then publishes it again (cannot be undone).`,
    );
    return;
  }
  if (flowChanges.length > 0 && policy === "never") {
    await diagnostics.warn(
      `${label} was ${status} when last read; ${changing}, but a ${status} flow cannot take changes: ` +
        `\`pulumi up\` will fail for this flow and send nothing.`,
    );
    return;
  }
  if (status === "DRAFT" && news.publish === true && own(olds, "publish") === true) {
    // publish was on already and the flow is still a DRAFT (an earlier publish failed): up tries again.
    await diagnostics.warn(`${label} is a DRAFT and publish is on: \`pulumi up\` will publish it (cannot be undone).`);
  } else if (flowChanges.length > 0) {
    await diagnostics.info(`${label} was ${status} when last read; ${changing}.`);
  }
}

async function sayReplace(olds: Props, label: string, diagnostics: Diagnostics): Promise<void> {
  const status = own(olds, "status");
  if (!isFlowStatus(status) || status === "DRAFT" || status === "DEPRECATED") return;
  if (own(olds, "deprecateOnDelete") === true) {
    await diagnostics.warn(
      `${label} is ${status} and will be replaced: deprecateOnDelete is on, so \`pulumi up\` deprecates it once ` +
        `its replacement exists. Deprecating cannot be undone.`,
    );
  } else {
    await diagnostics.warn(
      `${label} is ${status} and will be replaced: it stays live on Kaleyra (deprecateOnDelete is off) and is ` +
        `only forgotten by this stack.`,
    );
  }
}
