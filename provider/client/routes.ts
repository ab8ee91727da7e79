/**
 * Kaleyra's WhatsApp Flow routes, all under `/v2/<sid>` on the account's API origin. One
 * builder per route, so the client and `discover` (whose errors name the request) agree.
 */

const segment = encodeURIComponent;

/** `GET` Get Flow Details and `POST` Update Flow Metadata: `/v2/<sid>/whatsapp/<flow_id>`. */
export function flowPath(sid: string, flowId: string): string {
  return `/v2/${segment(sid)}/whatsapp/${segment(flowId)}`;
}

/** `GET` Get Flows by WABA ID: `/v2/<sid>/whatsapp/<waba_id>/flows`. */
export function wabaFlowsPath(sid: string, wabaId: string): string {
  return `/v2/${segment(sid)}/whatsapp/${segment(wabaId)}/flows`;
}
