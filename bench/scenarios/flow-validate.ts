/**
 * F4, validating whole flows: wall time and peak memory of `pulumi-kaleyra-flows validate
 * FILE` on a flows file of {@link FLOW_RESOURCES} entries with `flowJson`, each naming its own
 * ~20 KB Flow JSON file (the F stacks' files, flow-json.ts), as a pre-commit hook runs it. The
 * validator reads every JSON file and checks it as `pulumi preview` checks a Flow's JSON.
 *
 * Measured as V1 is (validator.ts): a child process `node dist/provider/cli/index.js validate
 * FILE`, node's start-up on its clock, its peak the kernel's ru_maxrss; interleaved with the
 * baseline, a bare reader of the same files: the `yaml` parser reading the flows file into
 * plain values, then `JSON.parse` of each Flow JSON file it names. The target, under 2 s, is
 * on the time itself, like V1's; the ratio to the baseline says what the checks add to
 * reading the files. A flows file of one such entry gives a run's fixed cost (node, the CLI's
 * modules), for information.
 *
 * Needs only `dist/` (no Pulumi CLI, no emulator): offline, like V1. BENCH_VALIDATOR_DIST
 * points it at another build, as for V1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FLOW_CATEGORIES as CATEGORIES } from "../../provider/rules/categories";
import { plural } from "../../provider/text/plural";
import { FLOW_JSON_BYTES, flowJsonFileName, flowJsonText } from "../flow-json";
import { FLOW_BENCH_ACCOUNT } from "../flows";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";
import { cliPath, measure, PRELOAD, type Run } from "./validator";

/** The target on the wall time of the full file, in s. */
const TARGET_S = 2;

const KB = FLOW_JSON_BYTES / 1024;

/** A flows file of `n` whole flows, each naming its Flow JSON file, in YAML. */
function flowsFile(n: number): string {
  const lines = [
    "# Benchmark flows file: whole flows, each with its Flow JSON file",
    "version: 1",
    "defaults:",
    `  sid: ${FLOW_BENCH_ACCOUNT.sid}`,
    "  region: IN",
    "flows:",
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  flow-${i + 1}:`,
      `    wabaId: "${FLOW_BENCH_ACCOUNT.wabaId}"`,
      `    name: Bench Flow ${i + 1}`,
      `    categories: [${CATEGORIES[i % CATEGORIES.length]}]`,
      `    flowJson: ${flowJsonFileName(i)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The baseline: the yaml parser reading the flows file, then JSON.parse of each `flowJson` file. */
const readerAlone = (yaml: string) => `const path = require("path");
const fs = require("fs");
const file = process.argv[2];
const { parseDocument, LineCounter } = require(${JSON.stringify(yaml)});
const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
const flows = doc.toJS({ maxAliasCount: 1000 }).flows;
for (const key of Object.keys(flows)) JSON.parse(fs.readFileSync(path.join(path.dirname(file), flows[key].flowJson), "utf8"));
`;

export const flowValidate: Scenario = {
  id: "F4",
  title: "flows-file validator on whole flows (pulumi-kaleyra-flows validate, Flow JSON files)",
  async run(ctx) {
    const cli = cliPath();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kaleyra-bench-f4-"));
    const entries: Entry[] = [];
    const N = ctx.flowResources;
    try {
      fs.writeFileSync(path.join(work, "preload.js"), PRELOAD);
      fs.writeFileSync(
        path.join(work, "reader-alone.js"),
        readerAlone(require.resolve("yaml", { paths: [path.dirname(cli)] })),
      );
      fs.mkdirSync(path.join(work, "flows"));
      let jsonBytes = 0;
      for (let i = 0; i < N; i++) {
        const text = flowJsonText(i);
        jsonBytes += Buffer.byteLength(text);
        fs.writeFileSync(path.join(work, flowJsonFileName(i)), text);
      }
      const cases = [
        { id: "one", flows: 1, label: `1 Flow of ${KB} KB JSON (a run's fixed cost)`, target: null },
        { id: "all", flows: N, label: `${N} Flows of ${KB} KB JSON each`, target: TARGET_S },
      ] as const;
      for (const c of cases) {
        const file = path.join(work, `flows-${c.flows}.yaml`);
        fs.writeFileSync(file, flowsFile(c.flows));
        const runs: Record<"validator" | "reader", Run[]> = { validator: [], reader: [] };
        await interleaved(["validator", "reader"] as const, ctx.options.repeats, async (kind, round) => {
          const run =
            kind === "validator"
              ? await measure([cli, "validate", file], work, (code, stdout, stderr) => {
                  const ok = `${file}: ${plural(c.flows, "flow")} OK (${plural(c.flows, "Flow JSON file")})`;
                  if (code !== 0 || stdout.trim() !== ok) {
                    throw new Error(
                      `validate of ${c.flows} whole flows exited ${code}, expected 0 and "${ok}":\n${(stdout + stderr).slice(0, 2000)}`,
                    );
                  }
                })
              : await measure([path.join(work, "reader-alone.js"), file], work, (code, _stdout, stderr) => {
                  if (code !== 0) throw new Error(`the reader alone failed:\n${stderr.slice(0, 2000)}`);
                });
          runs[kind].push(run);
          progress(
            `  F4 ${round + 1}/${ctx.options.repeats} ${c.id} ${kind}: ${run.seconds.toFixed(2)} s, peak ${run.peakMiB.toFixed(0)} MiB${run.killed ? " (killed)" : ""}`,
          );
          return run.seconds;
        });
        const killed = runs.validator.filter((r) => r.killed).length;
        const lowerBound = killed ? `; ${killed} of ${runs.validator.length} runs killed, so a lower bound` : "";
        const time = entry(
          `F4 validate ${c.label}`,
          "s",
          summarize(runs.validator.map((r) => r.seconds)),
          summarize(runs.reader.map((r) => r.seconds)),
          null,
          `wall time of \`pulumi-kaleyra-flows validate\` on a flows file of ${c.flows} entr${c.flows === 1 ? "y" : "ies"} with \`flowJson\` (${((c.flows * jsonBytes) / N / 1e6).toFixed(2)} MB of Flow JSON; node start-up included) vs the yaml parser reading the flows file and JSON.parse of each Flow JSON file${lowerBound}`,
          2,
          c.id === "all" ? "F4.validate" : "F4.validate.one",
        );
        entries.push(
          c.target === null ? time : { ...time, target: `value <= ${c.target} s`, pass: time.value <= c.target },
          entry(
            `F4 validate ${c.label} peak RSS`,
            "MiB",
            summarize(runs.validator.map((r) => r.peakMiB)),
            summarize(runs.reader.map((r) => r.peakMiB)),
            null,
            `peak RSS (ru_maxrss) of the validate process vs the reader alone${lowerBound}`,
            0,
            c.id === "all" ? "F4.validate.peak-rss" : "F4.validate.one.peak-rss",
          ),
        );
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    return entries;
  },
};
