import { isRecord } from "../../rules/checked";
import { isEnvelope, SUCCESS_CODE, UnrecognisedResponse } from "./body";

/**
 * A call without a result of its own (Update Flow Metadata, Publish, Deprecate, Delete) counts
 * as done only on a recognised success: Kaleyra's documented body `{"code": "WA200", ...,
 * "data": {"success": true}}`, or Meta's own `{"success": true}` passed through bare. A 200
 * with anything else may or may not have done it, so it is reported, never taken as done
 * (read-before-write makes the next run safe either way).
 */
export function checkSucceeded(body: unknown): void {
  if (isEnvelope(body)) {
    if (body.code === SUCCESS_CODE && isRecord(body.data) && body.data.success === true) return;
    throw new UnrecognisedResponse(
      `the response is not the documented success (code ${SUCCESS_CODE} with data.success true)`,
    );
  }
  if (isRecord(body) && body.success === true) return;
  throw new UnrecognisedResponse("the response is not a recognised success");
}
