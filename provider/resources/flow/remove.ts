import { FLOW_RESOURCE_FIELDS, type FlowDetails } from "../../client/kaleyra-client";
import { FlowDeprecateRefusedError, FlowNotFoundError } from "../../errors";
import type { ProviderContext } from "../context";
import { flowLabel } from "./label";
import { parseFlowResourceState } from "./state";

type Props = Readonly<Record<string, unknown>>;

/**
 * delete (destroy, a replace, or the resource removed from the program), by the flow's status
 * read just before (never by the stack's record alone):
 *
 * - DRAFT, made by this resource: deleted. DRAFT, adopted: forgotten, left as it is.
 * - PUBLISHED, THROTTLED or BLOCKED: deprecated with `deprecateOnDelete: true` (a deprecate
 *   refused because it is already deprecated counts as done); otherwise forgotten, with a
 *   warning that it is still live.
 * - DEPRECATED, or gone: nothing to do.
 */
export async function remove(id: string, props: Props, context: ProviderContext): Promise<void> {
  const state = parseFlowResourceState(props, context.settings, id);
  const client = context.client(state);
  const label = `${flowLabel(state.flowId, state.name)} (account ${state.sid})`;
  let remote: FlowDetails;
  try {
    remote = await client.getFlow(state.flowId, FLOW_RESOURCE_FIELDS);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return;
    throw error;
  }
  switch (remote.status) {
    case "DEPRECATED":
      return;
    case "DRAFT":
      if (state.created) {
        await client.deleteFlow(state.flowId).catch((error: unknown) => {
          if (!(error instanceof FlowNotFoundError)) throw error;
        });
        await context.diagnostics.info(`${label} was deleted (a DRAFT this stack created).`);
      } else {
        await context.diagnostics.info(
          `${label} is left on Kaleyra as a DRAFT: this stack adopted it, so only forgets it.`,
        );
      }
      return;
    default:
      if (!state.deprecateOnDelete) {
        await context.diagnostics.warn(
          `${label} is ${remote.status} and stays live: it was only removed from this stack. To retire it, ` +
            `deprecate it in WhatsApp Manager (or set deprecateOnDelete: true before destroying).`,
        );
        return;
      }
      try {
        await client.deprecateFlow(state.flowId);
      } catch (error) {
        // Deprecating twice is refused (139003): already deprecated is what was asked.
        if (!(error instanceof FlowDeprecateRefusedError)) throw error;
        const now = await client.getFlow(state.flowId, FLOW_RESOURCE_FIELDS);
        if (now.status !== "DEPRECATED") throw error;
      }
      await context.diagnostics.warn(`${label} was deprecated (deprecateOnDelete is on). This cannot be undone.`);
  }
}
