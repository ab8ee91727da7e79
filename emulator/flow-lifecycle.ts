/**
 * Publish, Deprecate and Delete over the API (`POST .../publish`, `POST .../deprecate`,
 * `DELETE /v2/<sid>/whatsapp/<flow_id>`), with Meta's refusals: 139002 (publish), 139003
 * (deprecate), 139004 (delete). Meta's lifecycle: DRAFT → PUBLISHED (only with a Flow JSON
 * that validates, and an endpoint when the JSON declares a Data API) → DEPRECATED (terminal);
 * only a draft can be deleted. The control API's own publish and deprecate (flow-status.ts)
 * set the scene without these checks.
 */
import { META_ERROR_CODES, MetaError, metaError, metaErrorResponse, metaSuccess } from "./meta-responses";
import type { PreparedResponse } from "./responses";
import { errorShapeOf, FlowStore, StoredAccount, StoredFlow } from "./store";

const PUBLISH_TITLE = "Flow can't be published";

/** Why a flow cannot be published now, or undefined when it can. Create Flow's `publish` asks the same. */
export function publishRefusal(flow: StoredFlow): MetaError | undefined {
  const refuse = (reason: string, detail: string) =>
    metaError(META_ERROR_CODES.publishRefused, `${PUBLISH_TITLE}: ${reason}`, PUBLISH_TITLE, detail);
  if (flow.status !== "DRAFT") {
    return refuse(
      `it is ${flow.status}, not DRAFT`,
      `Flow ${flow.id} is ${flow.status}: only a DRAFT flow can be published.`,
    );
  }
  if (flow.flowJson === undefined) {
    return refuse("no Flow JSON", `Flow ${flow.id} has no Flow JSON: upload one (Update Flow JSON) before publishing.`);
  }
  const errors = flow.report?.errors.length ?? 0;
  if (errors > 0) {
    const count = `${errors} validation error${errors === 1 ? "" : "s"}`;
    return refuse(
      "validation errors remain",
      `Flow ${flow.id} has ${count} in its Flow JSON; fix ${errors === 1 ? "it" : "them"} and upload again.`,
    );
  }
  if (flow.report?.dataApiVersion !== undefined && flow.endpoint_uri === undefined) {
    return refuse(
      "no endpoint_uri",
      `Flow ${flow.id}'s Flow JSON sets data_api_version ${flow.report.dataApiVersion}, so the flow needs an ` +
        "endpoint_uri (Update Flow Metadata) before it can be published.",
    );
  }
  return undefined;
}

/** `POST .../publish`: DRAFT → PUBLISHED, or 139002 saying why not. */
export function publishFlow(account: StoredAccount, flow: StoredFlow): PreparedResponse {
  const refusal = publishRefusal(flow);
  if (refusal) return metaErrorResponse(errorShapeOf(account), refusal);
  flow.status = "PUBLISHED";
  return metaSuccess(account.detailsShape, { success: true });
}

/** `POST .../deprecate`: PUBLISHED, THROTTLED or BLOCKED → DEPRECATED; a draft or a deprecated flow is 139003. */
export function deprecateFlow(account: StoredAccount, flow: StoredFlow): PreparedResponse {
  if (flow.status === "DRAFT" || flow.status === "DEPRECATED") {
    const title = "Flow can't be deprecated";
    const reason = flow.status === "DRAFT" ? "it is DRAFT, not published" : "it is already DEPRECATED";
    const detail =
      flow.status === "DRAFT"
        ? `Flow ${flow.id} is DRAFT: only a published flow can be deprecated (a draft is deleted instead).`
        : `Flow ${flow.id} is already DEPRECATED; deprecation cannot be undone or repeated.`;
    return metaErrorResponse(
      errorShapeOf(account),
      metaError(META_ERROR_CODES.deprecateRefused, `${title}: ${reason}`, title, detail),
    );
  }
  flow.status = "DEPRECATED";
  return metaSuccess(account.detailsShape, { success: true });
}

/** `DELETE /v2/<sid>/whatsapp/<flow_id>`: a DRAFT is removed; anything else is 139004. */
export function deleteFlow(store: FlowStore, account: StoredAccount, flow: StoredFlow): PreparedResponse {
  if (flow.status !== "DRAFT") {
    const title = "Flow can't be deleted";
    const reason =
      flow.status === "DEPRECATED"
        ? "a deprecated flow cannot be deleted"
        : "a published flow cannot be deleted; deprecate it";
    const detail = `Flow ${flow.id} is ${flow.status}: only a DRAFT flow can be deleted.`;
    return metaErrorResponse(
      errorShapeOf(account),
      metaError(META_ERROR_CODES.deleteRefused, `${title}: ${reason}`, title, detail),
    );
  }
  store.deleteFlow(account.sid, flow.id);
  return metaSuccess(account.detailsShape, { success: true });
}
