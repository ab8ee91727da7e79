import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Diagnostics } from "../../engine/diagnostics";
import { isFlowStatus, MANAGED_FIELDS, own, UPDATE_POLICY } from "../../rules";
import { quote } from "../../text/quote";
import { differs } from "./compare";

type Props = Readonly<Record<string, unknown>>;

/** Fields whose change means another flow, or another account: the resource is replaced. */
export const REPLACE_FIELDS = ["flowId", "sid", "apiDomain"] as const;

/**
 * diff: compares old outputs with new checked inputs, normalized, without calling Kaleyra.
 * Another flow or account replaces; a managed field that changed, or stopped being managed,
 * updates. Values not yet known count as changed. `allowPublishedUpdate` alone changes
 * nothing: it says what `up` may do, not what the flow should be.
 *
 * When a flow will be updated, the preview says what its last known status means for the
 * change (a PUBLISHED flow needs the opt-in and may go back to DRAFT; a DEPRECATED or
 * BLOCKED one will fail), as a warning; a DRAFT one gets a plain note.
 */
export async function diff(olds: Props, news: Props, diagnostics: Diagnostics): Promise<dynamic.DiffResult> {
  const replaces = REPLACE_FIELDS.filter((field) => differs(field, own(olds, field), own(news, field)));
  const updates = [...MANAGED_FIELDS, "region"].filter((field) => differs(field, own(olds, field), own(news, field)));
  const changes = replaces.length > 0 || updates.length > 0;
  if (changes && replaces.length === 0) await sayStatus(olds, news, updates, diagnostics);
  return { changes, replaces, deleteBeforeReplace: false };
}

async function sayStatus(olds: Props, news: Props, updates: string[], diagnostics: Diagnostics): Promise<void> {
  const status = own(olds, "status");
  if (!isFlowStatus(status)) return;
  const managed = updates.filter((field) => field !== "region" && own(news, field) !== undefined);
  if (managed.length === 0) return;
  const name = own(news, "name") ?? own(olds, "name");
  const flow = `Kaleyra flow ${String(own(olds, "flowId"))}${typeof name === "string" ? ` (${quote(name)})` : ""}`;
  const changing = `${managed.join(", ")} would change`;
  switch (UPDATE_POLICY[status]) {
    case "send":
      return diagnostics.info(`${flow} was ${status} when last read; ${changing}.`);
    case "opt-in":
      return news.allowPublishedUpdate === true
        ? diagnostics.warn(
            `${flow} was ${status} when last read; ${changing}, and allowPublishedUpdate is on: the update may ` +
              `put the flow back to DRAFT (unpublish it).`,
          )
        : diagnostics.warn(
            `${flow} was ${status} when last read; ${changing}. \`pulumi up\` will stop at this flow and send ` +
              `nothing, unless it is no longer ${status} then or allowPublishedUpdate is set (which may put it ` +
              `back to DRAFT).`,
          );
    case "never":
      return diagnostics.warn(
        `${flow} was ${status} when last read; ${changing}, but a ${status} flow cannot take changes: \`pulumi ` +
          `up\` will fail for this flow and send nothing.`,
      );
  }
}
