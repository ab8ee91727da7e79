import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { FlowDetails } from "../../client/kaleyra-client";
import { FlowNotFoundError } from "../../errors";
import { uniqueCategories } from "../../rules";
import type { ProviderContext } from "../context";
import { accountForImport } from "../import-account";
import { type FlowState, outputsOf } from "./state";

/**
 * import (`pulumi import kaleyra:index:FlowMetadata <name> <flowId>`, the native provider
 * only): reads the flow by id alone, with the account of the provider's configuration, and
 * records every managed field Kaleyra holds as an input, so the code the import writes
 * manages them all and the next preview shows no changes. Sends nothing. A flow Kaleyra says
 * does not exist answers no id: the engine then reports that there is nothing to import.
 */
export async function importFlow(id: string, context: ProviderContext): Promise<dynamic.ReadResult> {
  const account = accountForImport(id, context.settings);
  let remote: FlowDetails;
  try {
    remote = await context.client(account).getFlow(id);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const state: FlowState = {
    flowId: id,
    ...(remote.name !== undefined ? { name: remote.name } : {}),
    ...(remote.categories !== undefined && remote.categories.length > 0
      ? { categories: uniqueCategories(remote.categories) }
      : {}),
    ...(remote.endpointUri !== undefined ? { endpointUri: remote.endpointUri } : {}),
    ...account,
    status: remote.status,
  };
  const outputs = outputsOf(state);
  const { status: _status, ...inputs } = outputs;
  return { id, props: outputs, inputs };
}
