/**
 * Kaleyra's WhatsApp Flow routes, all under `/v2/<sid>` on the account's API origin. One
 * builder per route, so the client and `discover` (whose errors name the request) agree.
 */

const segment = encodeURIComponent;

/** `GET` Get Flow Details, `POST` Update Flow Metadata and `DELETE` Delete Flow: `/v2/<sid>/whatsapp/<flow_id>`. */
export function flowPath(sid: string, flowId: string): string {
  return `/v2/${segment(sid)}/whatsapp/${segment(flowId)}`;
}

/** `GET` Get Flows by WABA ID: `/v2/<sid>/whatsapp/<waba_id>/flows`. */
export function wabaFlowsPath(sid: string, wabaId: string): string {
  return `/v2/${segment(sid)}/whatsapp/${segment(wabaId)}/flows`;
}

/**
 * `POST` Create Flow: `/v2/<sid>/whatsapp/<waba_id>/flows`.
 *
 * An inference (docs/kaleyra-inferences.md): Kaleyra's Create Flow page exists but its path
 * was not seen. Meta's is `POST /<WABA_ID>/flows`, and every other Kaleyra flow route is
 * Meta's under `/v2/<sid>/whatsapp`, so this is Get Flows by WABA ID's path with `POST`.
 */
export function createFlowPath(sid: string, wabaId: string): string {
  return wabaFlowsPath(sid, wabaId);
}

/** `POST` Update Flow JSON (multipart) and `GET` Get Flow Assets: `/v2/<sid>/whatsapp/<flow_id>/assets`. */
export function flowAssetsPath(sid: string, flowId: string): string {
  return `${flowPath(sid, flowId)}/assets`;
}

/** `POST` Publish Flow: `/v2/<sid>/whatsapp/<flow_id>/publish`. */
export function publishFlowPath(sid: string, flowId: string): string {
  return `${flowPath(sid, flowId)}/publish`;
}

/** `POST` Deprecate Flow: `/v2/<sid>/whatsapp/<flow_id>/deprecate`. */
export function deprecateFlowPath(sid: string, flowId: string): string {
  return `${flowPath(sid, flowId)}/deprecate`;
}
