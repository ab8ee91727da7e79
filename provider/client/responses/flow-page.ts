import { FlowDetails, parseFlowObject } from "./flow-details";
import { cursorOf, listOf } from "./body";

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
  const { list, paging } = listOf(body, "flows");
  return { flows: list.map(parseFlowObject), ...cursorOf(paging) };
}
