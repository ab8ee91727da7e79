/**
 * The figures table of docs/performance.md, made from the results like bench/RESULTS.md, so
 * that every figure the page quotes is one of results.json's entries (its id is in the last
 * column) and a test can tell when the page no longer shows the committed figures:
 *
 *   TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/performance-table.ts [bench/results.json]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatEntry, ranScenario } from "./results-md";
import type { Entry, Results } from "./report";

/** One row: what it shows in words, the entry it shows, and what the baseline is (measured in the same run unless it says otherwise). */
interface Row {
  readonly label: string;
  readonly id: string;
  readonly baseline: string;
  /**
   * Only for a scenario added after the committed run: the row is shown once the results
   * hold that scenario (then its entry must be there, like any row's).
   */
  readonly scenario?: string;
}

/** The rows, in the page's order. */
export const PERFORMANCE_ROWS: readonly Row[] = [
  { label: "`pulumi preview`, nothing changed", id: "P1.preview", baseline: "no-op resources" },
  { label: "state per flow (`pulumi stack export`)", id: "P2.state", baseline: "no-op resources" },
  {
    label: "`pulumi up`, all flows changed, defaults (checkpoints on)",
    id: "P3.up",
    baseline: "no-op sleeping 2 x 100 ms",
  },
  {
    label: "same, against 0.1.0 (another run: 1 request per flow)",
    id: "P3.up.vs-previous",
    baseline: "0.1.0, another run",
  },
  { label: "same, with `PULUMI_SKIP_CHECKPOINTS=true`", id: "P3.skip", baseline: "no-op sleeping 2 x 100 ms" },
  { label: "GitOps apply template (`--parallel 32`, no checkpoints)", id: "P5.up.vs-ideal", baseline: "network ideal" },
  { label: "adopting flows that already match, template settings", id: "P5.adopt.vs-ideal", baseline: "network ideal" },
  { label: "client requests/s, Update Flow Metadata", id: "P4.update.vs-axios", baseline: "`axios.post` per call" },
  { label: "client requests/s, Update Flow Metadata", id: "P4.update.vs-raw", baseline: "raw `node:http`" },
  { label: "provider process memory per added flow (up)", id: "MEM.P3.provider.per-flow", baseline: "no-op resources" },
  { label: "program process memory per added flow (up)", id: "MEM.P3.program.per-flow", baseline: "no-op resources" },
  { label: "`validate` of 20,000 flows (YAML)", id: "v1-validate-20-000-flows-yaml", baseline: "`yaml` parser alone" },
  {
    label: "Flow: `pulumi preview`, nothing changed, 200 Flows of 20 KB JSON",
    id: "F1.preview",
    baseline: "no-op resources of a Flow's properties",
  },
  {
    label: "Flow: same",
    id: "F1.preview.given",
    baseline: "no-op resources of the given values only",
  },
  { label: "Flow: state per Flow", id: "F2.state", baseline: "1.1 x its JSON file + 3 KB" },
  { label: "Flow: Update Flow JSON requests, an `up` after one JSON changed", id: "F3.uploads", baseline: "exactly 1" },
  { label: "Flow: other writes in that `up`", id: "F3.other-writes", baseline: "none" },
  { label: "Flow: `validate` of 200 Flow JSON files", id: "F4.validate", baseline: "`yaml` and `JSON.parse` alone" },
  {
    label: "native provider: `pulumi preview`, nothing changed",
    id: "N1.preview",
    baseline: "the dynamic provider",
    scenario: "N1",
  },
  {
    label: "native provider: `pulumi up`, all flows changed, defaults",
    id: "N2.up",
    baseline: "the dynamic provider",
    scenario: "N2",
  },
  {
    label: "native provider: same, GitOps apply template's settings",
    id: "N3.up",
    baseline: "the dynamic provider",
    scenario: "N3",
  },
  { label: "native provider: state per flow", id: "N4.state", baseline: "the dynamic provider", scenario: "N4" },
];

/** A target with its verdict, e.g. `<= 1.1 (met)`. */
function targetCell(e: Entry): string {
  return e.target === null ? "-" : `${e.target} (${formatEntry(e, "verdict")})`;
}

/**
 * The docs/performance.md table for `results`: every row, but those of a scenario the
 * results do not hold (one added after them).
 * @throws naming the rows whose entry the results do not hold.
 */
export function performanceTable(results: Results): string {
  const byId = new Map(results.entries.map((e) => [e.id, e]));
  const rows = PERFORMANCE_ROWS.filter((r) => r.scenario === undefined || ranScenario(results, r.scenario));
  const missing = rows.filter((r) => !byId.has(r.id)).map((r) => r.id);
  if (missing.length > 0)
    throw new Error(`the results hold no entry ${missing.join(", ")} for the docs/performance.md table`);
  const lines = ["| | measured | baseline | ratio | target | recorded as |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const e = byId.get(row.id)!;
    lines.push(
      `| ${row.label} | ${formatEntry(e, "value")} | ${e.baseline === null ? row.baseline : `${formatEntry(e, "baseline")} (${row.baseline})`} | ${e.ratio === null ? "-" : formatEntry(e, "ratio")} | ${targetCell(e)} | \`${e.id}\` |`,
    );
  }
  return lines.join("\n");
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, "results.json"));
  process.stdout.write(`${performanceTable(JSON.parse(fs.readFileSync(file, "utf8")) as Results)}\n`);
}
