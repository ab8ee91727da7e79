/**
 * Create Flow: `POST /v2/<sid>/whatsapp/<waba_id>/flows` with a JSON body `{name,
 * categories, endpoint_uri?, flow_json?, publish?, clone_flow_id?}`, Meta's create.
 *
 * Kaleyra's Create Flow page exists but its path was not seen: this one is an inference from
 * its other flow routes (Meta's `POST /<WABA_ID>/flows` under `/v2/<sid>/whatsapp`). The
 * request is all or nothing: a refusal (a bad parameter, a name taken, `publish` refused)
 * creates no flow, so no draft is left behind whose id the client never learnt.
 */
import { randomInt } from "node:crypto";
import { isObject } from "./check";
import { invalidParameter, tooLargeError } from "./flow-assets";
import { styleErrors } from "./flow-json";
import { publishRefusal } from "./flow-lifecycle";
import { knowsWaba } from "./flow-list";
import type { V2Request } from "./kaleyra-api";
import { META_ERROR_CODES, MetaError, metaError, metaErrorResponse, metaSuccess } from "./meta-responses";
import { PreparedResponse, WABA_NOT_FOUND } from "./responses";
import {
  createShapeOf,
  errorShapeOf,
  FlowStore,
  StoredAccount,
  StoredFlow,
  storeFlowJson,
  validationStyleOf,
  wabaOf,
} from "./store";
import {
  FLOW_CATEGORIES,
  isFlowCategory,
  isFlowId,
  isHttpsUrl,
  MAX_FLOW_JSON_BYTES,
  MAX_FLOW_NAME_LENGTH,
} from "./vocabulary";

/** A Create Flow body that passed the parameter checks. */
export interface CreateRequest {
  readonly name: string;
  readonly categories: readonly string[];
  readonly endpoint_uri?: string;
  readonly flow_json?: string;
  readonly publish?: boolean;
  readonly clone_flow_id?: string;
}

const PARAMETERS = ["name", "categories", "endpoint_uri", "flow_json", "publish", "clone_flow_id"];
const CATEGORY_LIST = FLOW_CATEGORIES.join(", ");

/** Checks a Create Flow body; the string is what is wrong, naming the parameter. */
export function checkCreatePayload(raw: string): CreateRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return "the body must be a JSON object with name and categories";
  }
  if (!isObject(body)) return "the body must be a JSON object with name and categories";
  // Unknown parameters are refused rather than ignored: `flowJson` for `flow_json` would
  // otherwise create a flow without its JSON and nobody would notice.
  for (const key of Object.keys(body)) {
    if (!PARAMETERS.includes(key)) return `"${key}" is not a Create Flow parameter (${PARAMETERS.join(", ")})`;
  }
  const { name, categories, endpoint_uri, flow_json, publish, clone_flow_id } = body;
  if (name === undefined) return `"name" is required`;
  if (typeof name !== "string" || name.trim() === "" || name.length > MAX_FLOW_NAME_LENGTH)
    return `"name" must be a string of 1 to ${MAX_FLOW_NAME_LENGTH} characters`;
  if (categories === undefined) return `"categories" is required`;
  if (!Array.isArray(categories) || categories.length === 0)
    return `"categories" must be a non-empty array of flow categories (${CATEGORY_LIST})`;
  const bad = categories.findIndex((c) => !isFlowCategory(c));
  if (bad >= 0)
    return `"categories[${bad}]": ${JSON.stringify(categories[bad])} is not a flow category (${CATEGORY_LIST})`;
  if (endpoint_uri !== undefined && !isHttpsUrl(endpoint_uri)) return `"endpoint_uri" must be an absolute https URL`;
  if (flow_json !== undefined && typeof flow_json !== "string")
    return `"flow_json" must be a string (the Flow JSON's text, not an object)`;
  if (publish !== undefined && typeof publish !== "boolean") return `"publish" must be true or false`;
  const clone =
    typeof clone_flow_id === "number" && Number.isSafeInteger(clone_flow_id) ? String(clone_flow_id) : clone_flow_id;
  if (clone !== undefined && !isFlowId(clone)) return `"clone_flow_id" must be a flow id (a string of digits)`;
  return {
    name,
    categories: categories as string[],
    ...(endpoint_uri !== undefined ? { endpoint_uri: endpoint_uri as string } : {}),
    ...(flow_json !== undefined ? { flow_json } : {}),
    ...(publish !== undefined ? { publish } : {}),
    ...(clone !== undefined ? { clone_flow_id: clone } : {}),
  };
}

/** Answers Create Flow for an authenticated account with the Flow API. */
export function createFlow(
  store: FlowStore,
  account: StoredAccount,
  wabaId: string,
  request: V2Request,
): PreparedResponse {
  // Kaleyra's "not yours" answer comes first, as for Get Flows by WABA ID on the same path.
  if (!knowsWaba(account, wabaId)) return WABA_NOT_FOUND;
  const fail = (error: MetaError) => metaErrorResponse(errorShapeOf(account), error);
  if (request.bodyTooLarge) return fail(tooLargeError(request.bodyBytes));
  const create = checkCreatePayload(request.body);
  if (typeof create === "string") return fail(invalidParameter(create));

  let text = create.flow_json;
  if (create.clone_flow_id !== undefined) {
    const source = account.flows.get(create.clone_flow_id);
    if (!source || wabaOf(account, source) !== wabaId) {
      return fail(
        invalidParameter(`"clone_flow_id": no flow ${create.clone_flow_id} in WhatsApp Business Account ${wabaId}`),
      );
    }
    text ??= source.flowJson; // the clone's JSON, unless the request brings its own
  }
  if (text !== undefined && Buffer.byteLength(text, "utf8") > MAX_FLOW_JSON_BYTES)
    return fail(tooLargeError(Buffer.byteLength(text, "utf8")));

  for (const other of account.flows.values()) {
    if (other.name === create.name && wabaOf(account, other) === wabaId) {
      return fail(
        metaError(
          META_ERROR_CODES.invalidParameter,
          "Flow name is not unique",
          "Flow name is not unique",
          `Flow ${other.id} in WhatsApp Business Account ${wabaId} is already named ${JSON.stringify(create.name)}; ` +
            "flow names must be unique within a WhatsApp Business Account.",
        ),
      );
    }
  }

  // Built in the seed's key order, so the control API shows it like any other flow.
  const flow = { id: newFlowId(store), name: create.name, categories: [...create.categories] } as StoredFlow;
  if (create.endpoint_uri !== undefined) flow.endpoint_uri = create.endpoint_uri;
  flow.status = "DRAFT";
  if (wabaId !== account.wabaId) flow.wabaId = wabaId;
  if (text !== undefined) storeFlowJson(flow, text, create.flow_json !== undefined);
  if (create.publish) {
    const refusal = publishRefusal(flow);
    if (refusal) return fail(refusal);
    flow.status = "PUBLISHED";
  }
  store.addFlow(account.sid, flow);

  if (createShapeOf(account) === "idOnly") return metaSuccess(account.detailsShape, { id: flow.id });
  const body: Record<string, unknown> = { id: flow.id, success: true };
  if (create.flow_json !== undefined)
    body.validation_errors = styleErrors(flow.report?.errors ?? [], validationStyleOf(account, flow));
  return metaSuccess(account.detailsShape, body);
}

/** A new flow id: 16 random digits (no leading zero), unused anywhere in the emulator. */
function newFlowId(store: FlowStore): string {
  for (;;) {
    let id = String(randomInt(1, 10));
    for (let i = 1; i < 16; i++) id += String(randomInt(0, 10));
    if (!store.hasFlowId(id)) return id;
  }
}
