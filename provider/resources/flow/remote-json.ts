import type { KaleyraClient } from "../../client/kaleyra-client";
import { flowJsonSha256 } from "../../flow-json";
import { isRecord } from "../../rules";

/** The Flow JSON a flow holds on Kaleyra, as downloaded. */
export interface RemoteFlowJson {
  /** The text as downloaded (redacted). */
  readonly text: string;
  /** The parsed object; undefined when the text is not a JSON object (Meta stores invalid JSON too). */
  readonly value?: Record<string, unknown>;
  /** sha256 of the canonical form; undefined when the text is not a JSON object. */
  readonly sha256?: string;
}

/** The asset type of a flow's JSON in Get Flow Assets. */
export const FLOW_JSON_ASSET = "FLOW_JSON";

/** The most pages of assets read for one flow: a flow has one JSON; more pages mean a loop. */
const MAX_ASSET_PAGES = 20;

/**
 * Reads the Flow JSON a flow holds: Get Flow Assets (paged on Kaleyra's origin with `after`),
 * the `FLOW_JSON` asset, then its `download_url` (fetched with no key and no header; see
 * KaleyraClient.downloadAsset). Undefined when the flow has no Flow JSON yet.
 */
export async function readRemoteFlowJson(client: KaleyraClient, flowId: string): Promise<RemoteFlowJson | undefined> {
  let after: string | undefined;
  for (let page = 0; page < MAX_ASSET_PAGES; page++) {
    const assets = await client.getFlowAssets(flowId, after);
    const asset = assets.assets.find((item) => item.assetType === FLOW_JSON_ASSET);
    if (asset) return parsedRemote(await client.downloadAsset(flowId, asset.downloadUrl));
    if (assets.after === undefined || assets.after === after) return undefined;
    after = assets.after;
  }
  return undefined;
}

function parsedRemote(text: string): RemoteFlowJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { text };
  }
  return isRecord(value) ? { text, value, sha256: flowJsonSha256(value) } : { text };
}
