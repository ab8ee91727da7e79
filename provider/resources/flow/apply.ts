import { FLOW_RESOURCE_FIELDS, type FlowDetails, type KaleyraClient } from "../../client/kaleyra-client";
import type { FlowValidationError } from "../../client/responses/validation-errors";
import { FlowStatusError, FlowValidationFailedError, KaleyraError, PublishedFlowError } from "../../errors";
import { type FlowStatus, UPDATE_POLICY } from "../../rules";
import type { ProviderContext } from "../context";
import { bodyOf, fieldsToChange } from "../flow-metadata/compare";
import type { DesiredFlowResource } from "./desired";
import { flowLabel } from "./label";
import type { LocatedFlow } from "./locate";
import { readRemoteFlowJson } from "./remote-json";
import type { FlowResourceState } from "./state";

/** How a step ended: the state to store, and the failure to report, if any, with that state kept. */
export interface Applied {
  readonly state: FlowResourceState;
  /** A failure after something was sent: the step fails, and the state above is what the flow now is. */
  readonly failure?: KaleyraError;
}

/**
 * Brings one flow to what the program asks, reading before writing:
 *
 * 1. Get Flow Details (status, validation errors). A PUBLISHED flow with `publish: false` is
 *    refused: a published flow cannot go back.
 * 2. The metadata is compared field by field, the Flow JSON by its canonical sha256 against
 *    the JSON the flow holds (downloaded, unless the stack's record already shows it matches).
 * 3. Nothing differs: nothing is sent. Something differs: sent by the FlowMetadata policy
 *    (a DRAFT takes it; a PUBLISHED one only with `allowPublishedUpdate`, then read again;
 *    DEPRECATED or BLOCKED never): Update Flow Metadata with the fields that differ, Update
 *    Flow JSON when the JSON differs.
 * 4. Validation errors from the upload fail the step, the flow left a DRAFT holding that JSON.
 * 5. `publish: true` and a DRAFT without errors: Publish, then read the status back.
 *
 * @param previous the stack's record of the flow (update), which says what was last uploaded.
 */
export async function applyFlowResource(
  desired: DesiredFlowResource,
  located: LocatedFlow,
  context: ProviderContext,
  previous?: FlowResourceState,
): Promise<Applied> {
  const { flowId, created } = located;
  const { account } = desired;
  const client = context.client(account);
  const remote = await client.getFlow(flowId, FLOW_RESOURCE_FIELDS);
  const label = flowLabel(flowId, desired.name);
  const live = UPDATE_POLICY[remote.status] === "opt-in";
  if (live && !desired.publish) {
    throw new PublishedFlowError({ flowId, sid: account.sid, flowStatus: remote.status, flowName: desired.name });
  }

  const fields = fieldsToChange(desired, remote);
  // The stack's record shows the JSON as this program has it: the flow is taken to hold it
  // (refresh reads it back). Otherwise the flow's own JSON is downloaded and compared.
  const knownSame = previous?.flowJsonSha256 === desired.flowJsonSha256 && previous.flowId === flowId;
  const remoteJson = created || knownSame ? undefined : await readRemoteFlowJson(client, flowId);
  const jsonDiffers = !knownSame && (created || remoteJson?.sha256 !== desired.flowJsonSha256);
  const changing = [...fields, ...(jsonDiffers ? ["flowJson"] : [])];

  let status: FlowStatus = remote.status;
  let validationErrors: readonly FlowValidationError[] = remote.validationErrors ?? previous?.validationErrors ?? [];
  const stateNow = (): FlowResourceState => stateOf(desired, located, status, validationErrors);
  const validationFailure = () =>
    new FlowValidationFailedError({
      flowId,
      sid: account.sid,
      validationErrors,
      file: desired.flowJsonFile,
      flowName: desired.name,
    });

  if (changing.length > 0) {
    const policy = UPDATE_POLICY[remote.status];
    if (policy === "never" || (policy === "opt-in" && !desired.allowPublishedUpdate)) {
      throw new FlowStatusError({ flowId, sid: account.sid, flowStatus: remote.status, fields: changing });
    }
    try {
      if (fields.length > 0) await client.updateFlowMetadata(flowId, bodyOf(desired, fields));
      if (jsonDiffers) validationErrors = await client.uploadFlowJson(flowId, desired.uploadText);
      if (policy === "opt-in") status = await statusAfterChange(remote, changing, label, context, desired);
    } catch (error) {
      // Something may have been sent: the state records the flow as last known, the JSON as not yet held.
      return { state: { ...stateNow(), flowJsonSha256: previous?.flowJsonSha256 }, failure: asKaleyraError(error) };
    }
    if (jsonDiffers && validationErrors.length > 0) return { state: stateNow(), failure: validationFailure() };
  }

  if (desired.publish && status === "DRAFT") {
    if (validationErrors.length > 0) return { state: stateNow(), failure: validationFailure() };
    try {
      await client.publishFlow(flowId);
      status = (await client.getFlow(flowId, FLOW_RESOURCE_FIELDS)).status;
    } catch (error) {
      // A publish that took effect but whose answer was lost is retried and then refused (the
      // flow is no DRAFT any more): the flow's status says which it was.
      const now = await statusIfReadable(client, flowId);
      if (now === undefined || UPDATE_POLICY[now] !== "opt-in") {
        if (now !== undefined) status = now;
        return { state: stateNow(), failure: asKaleyraError(error) };
      }
      status = now;
    }
    await context.diagnostics.info(`${label} was published (account ${account.sid}).`);
  }
  return { state: stateNow() };
}

/** The flow's status read once more, or undefined when even that fails (the first error is the one to report). */
async function statusIfReadable(client: KaleyraClient, flowId: string): Promise<FlowStatus | undefined> {
  try {
    return (await client.getFlow(flowId, FLOW_RESOURCE_FIELDS)).status;
  } catch {
    return undefined;
  }
}

/**
 * The status after a change to a published flow, read again: the change may have put it back
 * to DRAFT (Meta's newer pages), said as a warning since it is now unpublished.
 */
async function statusAfterChange(
  before: FlowDetails,
  changed: readonly string[],
  label: string,
  context: ProviderContext,
  desired: DesiredFlowResource,
): Promise<FlowStatus> {
  const after = await context.client(desired.account).getFlow(before.id, FLOW_RESOURCE_FIELDS);
  if (after.status !== before.status) {
    const again = desired.publish ? " It is published again in this `pulumi up` if its JSON has no errors." : "";
    await context.diagnostics.warn(
      `${label} (account ${desired.account.sid}) went from ${before.status} to ${after.status} when ` +
        `${changed.join(", ")} changed (allowPublishedUpdate is on).${again}`,
    );
  }
  return after.status;
}

/** The record of the flow: the program's fields, and the status and errors as known now. */
export function stateOf(
  desired: DesiredFlowResource,
  located: LocatedFlow,
  status: FlowStatus,
  validationErrors: readonly FlowValidationError[],
): FlowResourceState {
  return {
    flowId: located.flowId,
    wabaId: desired.wabaId,
    name: desired.name,
    categories: [...desired.categories],
    endpointUri: desired.endpointUri,
    ...desired.account,
    status,
    validationErrors: validationErrors.map((error) => ({ ...error })),
    jsonVersion: desired.jsonVersion,
    flowJsonSha256: desired.flowJsonSha256,
    publish: desired.publish,
    deprecateOnDelete: desired.deprecateOnDelete,
    ...(desired.allowPublishedUpdateInput !== undefined
      ? { allowPublishedUpdate: desired.allowPublishedUpdateInput }
      : {}),
    created: located.created,
  };
}

/** A failure of Kaleyra's kept for the step; anything else is a bug, thrown as it is. */
function asKaleyraError(error: unknown): KaleyraError {
  if (error instanceof KaleyraError) return error;
  throw error;
}
