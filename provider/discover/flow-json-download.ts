import type { KaleyraClient } from "../client/kaleyra-client";
import { readRemoteFlowJson, type RemoteFlowJson } from "../resources/flow/remote-json";

/**
 * Reading the Flow JSON of discovered flows: for each, Get Flow Assets and the download of its
 * `FLOW_JSON` asset, exactly as the Flow resource reads it (readRemoteFlowJson: the link is
 * fetched with no API key and no header). The client's limiter bounds how many run at once;
 * any failure fails the whole read, so nothing is written from half of it.
 */

/** Where the read is: flows done of all. */
export interface JsonProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Reads the Flow JSON of each flow, by flow id (undefined for a flow that holds none).
 *
 * @throws whatever the client throws (a KaleyraError: it has already retried what can be).
 */
export async function readFlowJsons(
  client: KaleyraClient,
  flowIds: readonly string[],
  onRead?: (progress: JsonProgress) => void,
): Promise<Map<string, RemoteFlowJson | undefined>> {
  let done = 0;
  const read = await Promise.all(
    flowIds.map(async (flowId) => {
      const json = await readRemoteFlowJson(client, flowId);
      onRead?.({ done: ++done, total: flowIds.length });
      return [flowId, json] as const;
    }),
  );
  return new Map(read);
}
