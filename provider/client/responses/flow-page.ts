import { isRecord } from "../../rules/checked";
import { FlowDetails, parseFlowObject } from "./flow-details";
import { isEnvelope, SUCCESS_CODE, UnrecognisedResponse } from "./body";

/** One page of a WhatsApp Business Account's flows. */
export interface FlowPage {
  readonly flows: readonly FlowDetails[];
  /**
   * The cursor of the next page, when there is one (the response had `paging.next`). The next
   * page is asked for with `after=<cursor>` on the same origin; the `next` URL itself is
   * never requested: it may point anywhere, and the key must go nowhere else.
   */
  readonly after?: string;
}

/**
 * Reads a page of "Get Flows by WABA ID" from every shape Kaleyra may use: Meta's bare list
 * `{data: [...], paging}`, Kaleyra's envelope around it `{code, message, data: {data, paging},
 * error}`, or the envelope holding the array with `paging` beside it
 * `{code, message, data: [...], paging, error}`. Anything else is unrecognised.
 */
export function parseFlowPage(body: unknown): FlowPage {
  let list: unknown;
  let paging: unknown;
  if (isEnvelope(body)) {
    if (body.code !== SUCCESS_CODE) throw new UnrecognisedResponse(`the envelope's code is not ${SUCCESS_CODE}`);
    if (Array.isArray(body.data)) {
      list = body.data;
      paging = body.paging;
    } else if (isRecord(body.data) && Array.isArray(body.data.data)) {
      list = body.data.data;
      paging = body.data.paging;
    } else {
      throw new UnrecognisedResponse("the envelope's data is neither a list of flows nor {data, paging}");
    }
  } else if (isRecord(body) && Array.isArray(body.data)) {
    list = body.data;
    paging = body.paging;
  } else {
    throw new UnrecognisedResponse("the response is not a list of flows ({data: [...], paging})");
  }
  const flows = (list as unknown[]).map(parseFlowObject);
  return { flows, ...cursorOf(paging) };
}

function cursorOf(paging: unknown): { after?: string } {
  if (paging === undefined || paging === null) return {};
  if (!isRecord(paging)) throw new UnrecognisedResponse("paging is not an object");
  if (paging.next === undefined || paging.next === null || paging.next === "") return {};
  if (typeof paging.next !== "string") throw new UnrecognisedResponse("paging.next is not a URL");
  const after = isRecord(paging.cursors) ? paging.cursors.after : undefined;
  if (typeof after !== "string" || after === "") {
    throw new UnrecognisedResponse(
      "paging.next says there is another page, but paging.cursors.after gives no cursor to ask for it with",
    );
  }
  return { after };
}
