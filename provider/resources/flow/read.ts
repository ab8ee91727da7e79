import type * as dynamic from "@pulumi/pulumi/dynamic";
import { FLOW_RESOURCE_FIELDS, type FlowDetails } from "../../client/kaleyra-client";
import { FlowNotFoundError } from "../../errors";
import { sameCategories, uniqueCategories } from "../../rules";
import type { ProviderContext } from "../context";
import { readRemoteFlowJson } from "./remote-json";
import { flowOutputsOf, type FlowResourceState, parseFlowResourceState } from "./state";

type Props = Readonly<Record<string, unknown>>;

/**
 * read (`pulumi refresh`): reads the flow's metadata, status and validation errors (Get Flow
 * Details) and its Flow JSON (Get Flow Assets, then the download URL), so a flow edited in
 * WhatsApp Manager shows as drift: the next preview shows the changed paths of the JSON and
 * fields, and the next `up` restores the program's. The flow leaves the stack only on
 * Kaleyra's documented "does not exist" answer; any other failure, or an answer of a shape
 * this package does not recognise, fails the refresh and leaves the state as it was.
 */
export async function read(id: string, props: Props, context: ProviderContext): Promise<dynamic.ReadResult> {
  const state = parseFlowResourceState(props, context.settings, id);
  const client = context.client(state);
  let remote: FlowDetails;
  try {
    remote = await client.getFlow(state.flowId, FLOW_RESOURCE_FIELDS);
  } catch (error) {
    if (error instanceof FlowNotFoundError) return {};
    throw error;
  }
  const json = await readRemoteFlowJson(client, state.flowId);
  const observed: FlowResourceState = {
    ...state,
    status: remote.status,
    name: remote.name ?? state.name,
    categories:
      remote.categories === undefined || sameCategories(state.categories, remote.categories)
        ? state.categories
        : uniqueCategories(remote.categories),
    ...(state.endpointUri !== undefined ? { endpointUri: remote.endpointUri } : {}),
    validationErrors: remote.validationErrors ?? state.validationErrors,
    jsonVersion: remote.jsonVersion ?? versionOf(json?.value) ?? state.jsonVersion,
    flowJsonSha256: json?.sha256,
  };
  const outputs = flowOutputsOf(observed);
  // Inputs as well as outputs (SDK >= 3.216): the next preview diffs the program against what
  // Kaleyra holds. The Flow JSON goes back as the input it is stored as: compact JSON text.
  const inputs: Record<string, unknown> = {
    ...inputsOf(outputs),
    ...(json ? { flowJson: json.value !== undefined ? JSON.stringify(json.value) : json.text } : {}),
  };
  return { id: state.flowId, props: outputs, inputs };
}

/** The outputs that are also inputs: everything but what only Kaleyra says. */
function inputsOf(outputs: Record<string, unknown>): Record<string, unknown> {
  const { status: _s, validationErrors: _v, jsonVersion: _j, flowJsonSha256: _h, created: _c, ...inputs } = outputs;
  return inputs;
}

function versionOf(value: Record<string, unknown> | undefined): string | undefined {
  return typeof value?.version === "string" ? value.version : undefined;
}
