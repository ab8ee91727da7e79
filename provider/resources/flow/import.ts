import type * as dynamic from "@pulumi/pulumi/dynamic";
import { FLOW_RESOURCE_FIELDS, type FlowDetails } from "../../client/kaleyra-client";
import { ConfigurationError, FlowNotFoundError } from "../../errors";
import { uniqueCategories, UPDATE_POLICY } from "../../rules";
import { checkWabaId } from "../../rules/waba-id";
import type { ProviderContext } from "../context";
import { accountForImport } from "../import-account";
import { readRemoteFlowJson } from "./remote-json";
import { flowOutputsOf, type FlowResourceState } from "./state";

/**
 * import (`pulumi import kaleyra:index:Flow <name> <flowId>`, or `<wabaId>/<flowId>`; the
 * native provider only): reads the flow by id, with the account of the provider's
 * configuration (details, then its Flow JSON), and records it as inputs the next preview
 * agrees with: the flow id (it pins the flow), the WABA when the import id names it (a flow's
 * answer does not), name, categories, the endpoint when it has one, the JSON as compact text,
 * and `publish: true` for a live flow (a Flow that is not to be published must be a DRAFT).
 * The flow counts as adopted, never created, so destroy never deletes it. Sends nothing.
 */
export async function importFlow(importId: string, context: ProviderContext): Promise<dynamic.ReadResult> {
  const { wabaId, id } = splitImportId(importId);
  const account = accountForImport(id, context.settings);
  const client = context.client(account);
  let remote: FlowDetails;
  try {
    remote = await client.getFlow(id, FLOW_RESOURCE_FIELDS);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const json = await readRemoteFlowJson(client, id);
  const live = UPDATE_POLICY[remote.status] === "opt-in";
  const state: FlowResourceState = {
    flowId: id,
    ...(wabaId !== undefined ? { wabaId } : {}),
    name: remote.name ?? "",
    categories: uniqueCategories(remote.categories ?? []),
    ...(remote.endpointUri !== undefined ? { endpointUri: remote.endpointUri } : {}),
    ...account,
    status: remote.status,
    validationErrors: remote.validationErrors ?? [],
    jsonVersion: remote.jsonVersion ?? (typeof json?.value?.version === "string" ? json.value.version : undefined),
    flowJsonSha256: json?.sha256,
    publish: live,
    deprecateOnDelete: false,
    created: false,
  };
  const outputs = flowOutputsOf(state);
  const inputs: Record<string, unknown> = {
    ...(wabaId !== undefined ? { wabaId } : {}),
    flowId: id,
    name: state.name,
    categories: state.categories,
    ...(state.endpointUri !== undefined ? { endpointUri: state.endpointUri } : {}),
    ...(json ? { flowJson: json.value !== undefined ? JSON.stringify(json.value) : json.text } : {}),
    ...(live ? { publish: true } : {}),
    ...account,
  };
  return { id, props: outputs, inputs };
}

/** `<flowId>` or `<wabaId>/<flowId>`. */
function splitImportId(importId: string): { wabaId?: string; id: string } {
  const slash = importId.indexOf("/");
  if (slash < 0) return { id: importId };
  const waba = checkWabaId(importId.slice(0, slash));
  if (!waba.ok) {
    throw new ConfigurationError(
      "id",
      `cannot import ${JSON.stringify(importId)}: ${waba.reason}`,
      "give the import id as <flowId> or <wabaId>/<flowId>, e.g. 102290129340398/1234567890123456. Nothing was sent.",
    );
  }
  return { wabaId: waba.value, id: importId.slice(slash + 1) };
}
