/**
 * A flow's Flow JSON over the API: Update Flow JSON (`POST .../assets`, multipart/form-data
 * with `file`, `name=flow.json`, `asset_type=FLOW_JSON`) and Get Flow Assets (`GET
 * .../assets`, the JSON's `download_url`). Meta's rules: at most 10 MB; "every update request
 * will return validation errors" (the list, empty when valid); an invalid text is still
 * stored and its problems reported; a published flow follows the `publishedUpdate` reading.
 */
import { AssetLinks, downloadUrl } from "./downloads";
import { styleErrors } from "./flow-json";
import type { V2Request } from "./kaleyra-api";
import { META_ERROR_CODES, MetaError, metaError, metaErrorResponse, metaList, metaSuccess } from "./meta-responses";
import { formBoundary, parseMultipart } from "./multipart";
import type { PreparedResponse } from "./responses";
import { errorShapeOf, publishedUpdateOf, StoredAccount, StoredFlow, storeFlowJson, validationStyleOf } from "./store";
import { FROZEN_STATUSES, MAX_FLOW_JSON_BYTES, PUBLISHED_STATUSES } from "./vocabulary";

/** The `name` an Update Flow JSON form must carry. */
export const FLOW_JSON_ASSET_NAME = "flow.json";
/** The `asset_type` an Update Flow JSON form must carry. */
export const FLOW_JSON_ASSET_TYPE = "FLOW_JSON";

/** Meta's 139001 for a Flow JSON over 10 MB (also Create Flow's `flow_json`). */
export function tooLargeError(bytes: number): MetaError {
  return metaError(
    META_ERROR_CODES.updateRefused,
    "Flow JSON is too large",
    "Flow JSON is too large",
    `The Flow JSON is ${bytes} bytes; at most ${MAX_FLOW_JSON_BYTES} bytes (10 MB) are accepted.`,
  );
}

/** Meta's 100 for a parameter that is missing or wrong; `detail` names the parameter. */
export function invalidParameter(detail: string): MetaError {
  return metaError(META_ERROR_CODES.invalidParameter, `Invalid parameter: ${detail}`, "Invalid parameter", detail);
}

/** `POST .../assets`: stores the uploaded Flow JSON and answers its validation errors. */
export function updateFlowJson(account: StoredAccount, flow: StoredFlow, request: V2Request): PreparedResponse {
  const fail = (error: MetaError) => metaErrorResponse(errorShapeOf(account), error);
  // A body past the route's cap was not kept: its file is too large whatever else it holds.
  if (request.bodyTooLarge) return fail(tooLargeError(request.bodyBytes));
  const form = readForm(request);
  if (typeof form === "string") return fail(invalidParameter(form));
  if (form.length > MAX_FLOW_JSON_BYTES) return fail(tooLargeError(form.length));

  if (FROZEN_STATUSES.has(flow.status)) {
    const title = "Flow can't be updated";
    return fail(
      metaError(
        META_ERROR_CODES.updateRefused,
        `${title}: it is ${flow.status}`,
        title,
        `Flow ${flow.id} is ${flow.status}; its Flow JSON can no longer be changed.`,
      ),
    );
  }
  const published = PUBLISHED_STATUSES.has(flow.status);
  if (published && publishedUpdateOf(account, flow) === "refuse") {
    const message = "Once published, Flows can no longer be updated";
    return fail(
      metaError(
        META_ERROR_CODES.updateRefused,
        message,
        message,
        `Flow ${flow.id} is ${flow.status}; clone it into a new draft flow to change its Flow JSON.`,
      ),
    );
  }
  storeFlowJson(flow, form.toString("utf8"), true);
  if (published) flow.status = "DRAFT"; // the "puts the Flow back to Draft" reading
  const validation_errors = styleErrors(flow.report?.errors ?? [], validationStyleOf(account, flow));
  return metaSuccess(account.detailsShape, { success: true, validation_errors });
}

/** The `file` part's bytes, or what is wrong with the form (naming the field). */
function readForm(request: V2Request): Buffer | string {
  const boundary = formBoundary(request.contentType);
  const expected = `multipart/form-data with the parts "file", "name" and "asset_type"`;
  if (boundary === undefined) return `the request must be ${expected}`;
  const parsed = parseMultipart(request.rawBody, boundary);
  if (!parsed.ok) return `the body is not valid multipart/form-data (${parsed.reason}); send ${expected}`;
  const part = (name: string) => parsed.parts.find((p) => p.name === name);

  const file = part("file");
  if (!file) return `"file" is required: the Flow JSON as a file part`;
  if (file.filename === undefined) return `"file" must be a file (a part with a filename), not a plain field`;
  for (const [name, value] of [
    ["name", FLOW_JSON_ASSET_NAME],
    ["asset_type", FLOW_JSON_ASSET_TYPE],
  ] as const) {
    const field = part(name);
    if (!field) return `"${name}" is required and must be "${value}"`;
    const given = field.data.toString("utf8");
    if (given !== value) return `"${name}" must be "${value}", got ${JSON.stringify(given.slice(0, 60))}`;
  }
  return file.data;
}

/**
 * `GET .../assets`: the flow's one asset (its Flow JSON) with a fresh download link, paged
 * like Meta's lists; no Flow JSON yet means an empty list (and, as for flow lists, no paging).
 */
export function flowAssets(
  account: StoredAccount,
  flow: StoredFlow,
  request: V2Request,
  links: AssetLinks,
): PreparedResponse {
  if (flow.flowJson === undefined) return metaList(account.listShape, [], undefined);
  const token = links.issue(account.sid, flow.id, flow.flowJson);
  const data = [
    { name: FLOW_JSON_ASSET_NAME, asset_type: FLOW_JSON_ASSET_TYPE, download_url: downloadUrl(request.host, token) },
  ];
  const cursor = Buffer.from(`assets:${flow.id}:0`, "utf8").toString("base64url");
  return metaList(account.listShape, data, { cursors: { before: cursor, after: cursor } });
}
