/**
 * The flows of a benchmark stack: N distinct 16-digit flow ids on the emulator's demo
 * account, the stack config that declares them, and the seed that makes them exist.
 */
import { DEMO_SEED, FLOW_CATEGORIES, SeedFile } from "../dist/emulator";

/** The demo account every benchmark flow belongs to. */
export const BENCH_SID = "HXAP16DEMO0097IN";

/** Its API key (public: it exists only in the emulator's demo seed). */
export const BENCH_API_KEY = DEMO_SEED.accounts.find((a) => a.sid === BENCH_SID)!.apiKey;

/** One entry of the `kaleyra-flows:flows` stack config list. */
export interface FlowEntry {
  readonly key: string;
  /** Always a string: flow ids have more digits than a JS number holds exactly. */
  readonly flowId: string;
  readonly name: string;
  readonly categories: readonly string[];
  readonly endpointUri: string;
}

/** `n` distinct 16-digit flow ids. */
export function flowIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `7${String(i + 1).padStart(15, "0")}`);
}

/**
 * The stack config entries for `ids`. `revision` goes into every name, so moving a stack
 * to a new revision changes every flow (read, then one update each).
 */
export function flowEntries(ids: readonly string[], revision: number): FlowEntry[] {
  return ids.map((flowId, i) => ({
    key: `flow-${i + 1}`,
    flowId,
    // Unique per flow (Meta wants unique names per account), whatever the revision.
    name: `Bench flow ${i + 1} r${revision}`,
    categories: [FLOW_CATEGORIES[i % FLOW_CATEGORIES.length], "OTHER"].filter((c, k, all) => all.indexOf(c) === k),
    endpointUri: `https://example.com/flows/${i + 1}`,
  }));
}

// Stacks of different sizes and kinds share the emulator's flows (a stack of n flows uses
// the first n ids), and the provider reads before it writes: a flow whose name already
// matches gets no update. So revisions are unique across the whole run, never per stack:
// a "changed" up then really changes every flow, whatever another stack wrote before.
let lastRevision = 0;

/** A revision no stack of this run has used yet. */
export function freshRevision(): number {
  return ++lastRevision;
}

/**
 * The account of the F scenarios' Flows, with a WABA to create them in. An account of their
 * own: each Flow's create first lists its WABA's flows to adopt one of the same name, so in the
 * demo account it would page through the N flows seeded for the FlowMetadata stacks, and a
 * FlowMetadata renaming a flow could take a Flow's name. Its key exists only in this seed.
 */
export const FLOW_BENCH_ACCOUNT = {
  sid: "HXAP16BENCHFL0IN",
  apiKey: "Abench000000000000000000000000F06",
  wabaId: "4756102938475610",
} as const;

/**
 * A seed with the demo account, holding the flows `ids` (as DRAFT, unnamed yet), and the F
 * scenarios' account, holding no flow until their stack creates them.
 */
export function benchSeed(ids: readonly string[]): SeedFile {
  return {
    accounts: [
      {
        sid: BENCH_SID,
        apiKey: BENCH_API_KEY,
        flowApi: true,
        flows: ids.map((id) => ({ id, status: "DRAFT" as const })),
      },
      { ...FLOW_BENCH_ACCOUNT, flowApi: true, flows: [] },
    ],
  };
}
