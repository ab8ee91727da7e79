import type { FlowDetails } from "../client/responses/flow-details";
import type { FlowPage } from "../client/responses/flow-page";
import type { ListFlowsOptions } from "../client/kaleyra-client";
import { wabaFlowsPath } from "../client/routes";
import type { RequestSummary } from "../errors/kaleyra-error";
import { PagingError } from "./paging-error";

/**
 * Reading every flow of a WhatsApp Business Account: "Get Flows by WABA ID" page by page,
 * following the `after` cursor on the client's own origin. The `paging.next` URL is never
 * requested (KaleyraClient.listFlows does not even return it): it may point at another
 * origin, and the API key must go nowhere but the configured one.
 */

/** What the loop needs of a client: one page at a time. KaleyraClient is one; tests pass fakes. */
export interface FlowLister {
  listFlows(wabaId: string, options?: ListFlowsOptions): Promise<FlowPage>;
}

/** Where the loop is, after each page. */
export interface DiscoverProgress {
  /** Pages read so far. */
  readonly pages: number;
  /** Flows found so far (repeats counted once). */
  readonly flows: number;
}

/** Options of {@link discoverFlows}. */
export interface DiscoverOptions {
  /** The WhatsApp Business Account whose flows to list. */
  readonly wabaId: string;
  /** Flows per page to ask for; Kaleyra's default when left out. */
  readonly pageSize?: number;
  /** The most pages read before giving up; default {@link MAX_PAGES}. */
  readonly maxPages?: number;
  /** Called after each page, for progress. */
  readonly onPage?: (progress: DiscoverProgress) => void;
  /** The account and origin, for error messages. */
  readonly sid?: string;
  readonly origin?: string;
}

/** The flows found and how many pages it took. */
export interface DiscoverResult {
  /** Every flow, in the order Kaleyra listed them; a flow listed twice appears once. */
  readonly flows: readonly FlowDetails[];
  readonly pages: number;
}

/**
 * The page cap: 10,000 pages is a million flows at 100 a page and a quarter of a million at
 * Meta's default 25, far beyond any business account (Meta caps flows per WABA far lower).
 * A list longer than that is a server handing out fresh cursors forever, not an account.
 */
export const MAX_PAGES = 10_000;

/**
 * Lists every flow of `wabaId`, one page after another, until a page gives no next cursor.
 *
 * @throws PagingError when a cursor comes back a second time (the list would never end) or
 *   the list runs past `maxPages`; whatever `client.listFlows` throws (a KaleyraError:
 *   the client has already retried what can be retried).
 */
export async function discoverFlows(client: FlowLister, options: DiscoverOptions): Promise<DiscoverResult> {
  const { wabaId, pageSize, onPage } = options;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const facts = { wabaId, sid: options.sid, request: listRequest(options) };
  const flows: FlowDetails[] = [];
  const ids = new Set<string>();
  const cursors = new Set<string>();
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await client.listFlows(wabaId, {
      ...(pageSize !== undefined ? { limit: pageSize } : {}),
      ...(after !== undefined ? { after } : {}),
    });
    for (const flow of page.flows) {
      // The list can move while it is read (a flow created meanwhile shifts the rest): a
      // flow seen on an earlier page is kept as first seen.
      if (ids.has(flow.id)) continue;
      ids.add(flow.id);
      flows.push(flow);
    }
    onPage?.({ pages, flows: flows.length });
    if (page.after === undefined) return { flows, pages };
    if (cursors.has(page.after)) {
      throw new PagingError({
        ...facts,
        pages,
        summary:
          `page ${pages} of the list of flows gave back a cursor an earlier page already gave, so the list ` +
          `would never end; stopped after ${pages} pages and ${flows.length} flows`,
        hint:
          "Nothing was written. Run the command again; if it keeps happening, report it to Kaleyra support " +
          "with the WABA id (KALEYRA_DEBUG=1 shows each request).",
      });
    }
    if (pages >= maxPages) {
      throw new PagingError({
        ...facts,
        pages,
        summary:
          `the list of flows still had more pages after ${pages} pages (${flows.length} flows), the most ` +
          `this command reads`,
        hint:
          "Nothing was written. No business account holds that many flows: Kaleyra's response is probably " +
          "wrong. Run the command again with KALEYRA_DEBUG=1 to see the requests, and report it to Kaleyra " +
          "support with the WABA id.",
      });
    }
    cursors.add(page.after);
    after = page.after;
  }
}

function listRequest(options: DiscoverOptions): RequestSummary | undefined {
  if (options.origin === undefined || options.sid === undefined) return undefined;
  return { method: "GET", origin: options.origin, path: wabaFlowsPath(options.sid, options.wabaId) };
}
