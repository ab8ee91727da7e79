/**
 * The paging loop, against fake clients: it follows `after` until there is none, asks for
 * the page size given, reports progress per page, keeps a flow listed twice once, and stops
 * with a PagingError on a cursor that comes back or past the page cap, rather than looping.
 */
import type { FlowDetails } from "../../provider/client/responses/flow-details";
import type { FlowPage, ListFlowsOptions } from "../../provider/client/kaleyra-client";
import { discoverFlows, MAX_PAGES, type DiscoverProgress, type FlowLister } from "../../provider/discover/discover";
import { PagingError } from "../../provider/discover/paging-error";
import { KaleyraError, ServerError } from "../../provider/errors";

const WABA = "1029384756102938";
const flow = (n: number): FlowDetails => ({
  id: `12345678901234${String(n).padStart(2, "0")}`,
  name: `Flow ${n}`,
  status: "DRAFT",
});

/** A client answering from a list of pages, recording what it was asked. */
function pagedClient(pages: FlowPage[]): FlowLister & { calls: Array<{ wabaId: string; options?: ListFlowsOptions }> } {
  const calls: Array<{ wabaId: string; options?: ListFlowsOptions }> = [];
  return {
    calls,
    async listFlows(wabaId, options) {
      calls.push({ wabaId, options });
      const page = pages[calls.length - 1];
      if (!page) throw new Error(`asked for page ${calls.length}, which the test does not have`);
      return page;
    },
  };
}

test("follows after until a page has none; passes the page size; reports each page", async () => {
  const client = pagedClient([
    { flows: [flow(1), flow(2), flow(3)], after: "c1" },
    { flows: [flow(4), flow(5), flow(6)], after: "c2" },
    { flows: [flow(7)] },
  ]);
  const progress: DiscoverProgress[] = [];
  const result = await discoverFlows(client, { wabaId: WABA, pageSize: 3, onPage: (p) => progress.push(p) });
  expect(result.pages).toBe(3);
  expect(result.flows.map((f) => f.name)).toEqual([
    "Flow 1",
    "Flow 2",
    "Flow 3",
    "Flow 4",
    "Flow 5",
    "Flow 6",
    "Flow 7",
  ]);
  expect(client.calls).toEqual([
    { wabaId: WABA, options: { limit: 3 } },
    { wabaId: WABA, options: { limit: 3, after: "c1" } },
    { wabaId: WABA, options: { limit: 3, after: "c2" } },
  ]);
  expect(progress).toEqual([
    { pages: 1, flows: 3 },
    { pages: 2, flows: 6 },
    { pages: 3, flows: 7 },
  ]);
});

test("no page size: none asked for (Kaleyra's default); an empty WABA is one empty page", async () => {
  const client = pagedClient([{ flows: [] }]);
  expect(await discoverFlows(client, { wabaId: WABA })).toEqual({ flows: [], pages: 1 });
  expect(client.calls).toEqual([{ wabaId: WABA, options: {} }]);
});

test("a flow listed on two pages (the list moved) is kept once, as first seen", async () => {
  const moved = { ...flow(2), name: "moved" };
  const client = pagedClient([{ flows: [flow(1), flow(2)], after: "c1" }, { flows: [moved, flow(3)] }]);
  const result = await discoverFlows(client, { wabaId: WABA });
  expect(result.flows.map((f) => f.name)).toEqual(["Flow 1", "Flow 2", "Flow 3"]);
});

test("a cursor that comes back: PagingError naming the WABA, account and page, not an endless loop", async () => {
  const client = pagedClient([
    { flows: [flow(1)], after: "c1" },
    { flows: [flow(2)], after: "c2" },
    { flows: [flow(3)], after: "c1" },
  ]);
  const error = await discoverFlows(client, {
    wabaId: WABA,
    sid: "HXAP16XXXXXX97IN",
    origin: "https://api.in.kaleyra.io",
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PagingError);
  expect(error).toBeInstanceOf(KaleyraError);
  expect((error as PagingError).pages).toBe(3);
  expect((error as PagingError).wabaId).toBe(WABA);
  expect((error as PagingError).message).toBe(
    `Kaleyra WABA ${WABA} (account HXAP16XXXXXX97IN at https://api.in.kaleyra.io): page 3 of the list of flows gave back a cursor an earlier page already gave, so the list would never end; stopped after 3 pages and 3 flows. Nothing was written. Run the command again; if it keeps happening, report it to Kaleyra support with the WABA id (KALEYRA_DEBUG=1 shows each request).`,
  );
  expect(client.calls).toHaveLength(3);
});

test("a page that names its own cursor again at once is caught on the next page", async () => {
  let calls = 0;
  const client: FlowLister = {
    async listFlows() {
      calls++;
      return { flows: [flow(1)], after: "same" };
    },
  };
  await expect(discoverFlows(client, { wabaId: WABA })).rejects.toThrow(
    /page 2 of the list of flows gave back a cursor/,
  );
  expect(calls).toBe(2);
});

test("past the page cap: PagingError, clearly; the default cap is generous", async () => {
  let n = 0;
  const endless: FlowLister = {
    async listFlows() {
      n++;
      return { flows: [flow(n % 90)], after: `c${n}` };
    },
  };
  const error = (await discoverFlows(endless, { wabaId: WABA, maxPages: 50 }).catch((e: unknown) => e)) as PagingError;
  expect(error).toBeInstanceOf(PagingError);
  expect(error.message).toContain(
    "the list of flows still had more pages after 50 pages (50 flows), the most this command reads",
  );
  expect(error.message).toContain("Nothing was written.");
  expect(n).toBe(50);
  expect(MAX_PAGES).toBeGreaterThanOrEqual(10_000);
});

test("a client error passes through as it is (the client has already retried)", async () => {
  const failure = new ServerError({ wabaId: WABA, status: 500, code: "WA-500" });
  const client: FlowLister = {
    async listFlows() {
      throw failure;
    },
  };
  await expect(discoverFlows(client, { wabaId: WABA })).rejects.toBe(failure);
});
