import type { FlowDetails, KaleyraClient } from "../../client/kaleyra-client";
import { InvalidParameterError, NetworkError, ServerError, TimeoutError, UnexpectedResponseError } from "../../errors";
import type { DesiredFlowResource } from "./desired";

/** The flow a Flow resource manages, and how it came to it. */
export interface LocatedFlow {
  readonly flowId: string;
  /** True when this `create` made the flow; false when it adopted one that existed. */
  readonly created: boolean;
}

/** The most pages of a WABA's flows read while looking for a name: a guard against a paging loop. */
const MAX_LIST_PAGES = 1000;

/**
 * Finds the flow a new Flow resource is about, or makes it, so that a create never makes a
 * second flow:
 *
 * 1. `flowId` given: that flow is adopted.
 * 2. Otherwise the WABA's flows are listed (read before write) and a flow of the same name is
 *    adopted: names are unique per WABA, and an earlier `up` that failed after Kaleyra made
 *    the flow left exactly such a flow.
 * 3. Otherwise Create Flow. When its answer is lost (a timeout, a reset, a 5xx after sending),
 *    the flow may exist all the same: the WABA is listed again and a flow of that name is
 *    taken as the one this create made.
 */
export async function locateFlow(client: KaleyraClient, desired: DesiredFlowResource): Promise<LocatedFlow> {
  if (desired.flowId !== undefined) return { flowId: desired.flowId, created: false };
  const wabaId = desired.wabaId!;
  const existing = await findByName(client, wabaId, desired.name);
  if (existing) return { flowId: existing.id, created: false };
  try {
    const made = await client.createFlow(wabaId, {
      name: desired.name,
      categories: [...desired.categories],
      ...(desired.endpointUri !== undefined ? { endpoint_uri: desired.endpointUri } : {}),
    });
    return { flowId: made.id, created: true };
  } catch (error) {
    if (!answerLost(error)) throw error;
    const found = await findByName(client, wabaId, desired.name).catch(() => undefined);
    if (found) return { flowId: found.id, created: true };
    throw error;
  }
}

/** The flow of a WABA with exactly this name (names are unique per WABA), if any. */
export async function findByName(
  client: KaleyraClient,
  wabaId: string,
  name: string,
): Promise<FlowDetails | undefined> {
  let after: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const flows = await client.listFlows(wabaId, { after, fields: ["id", "name", "status"] });
    const match = flows.flows.find((flow) => flow.name === name);
    if (match) return match;
    if (flows.after === undefined || flows.after === after) return undefined;
    after = flows.after;
  }
  return undefined;
}

/** True when a failed Create Flow may nonetheless have made the flow. */
function answerLost(error: unknown): boolean {
  if (error instanceof InvalidParameterError) return false;
  if (error instanceof TimeoutError || error instanceof ServerError) return true;
  if (error instanceof NetworkError) return error.errno !== "ECONNREFUSED" && error.errno !== "ENOTFOUND";
  return (
    error instanceof UnexpectedResponseError &&
    (error.status === undefined || error.status < 400 || error.status >= 500)
  );
}
