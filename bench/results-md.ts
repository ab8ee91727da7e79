/**
 * Renders a results file as Markdown (the machine, then the table), for bench/RESULTS.md
 * and the README:
 *
 *   TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/results-md.ts [bench/results.json]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Results, table } from "./report";

/** The Markdown for `results`. */
export function resultsMarkdown(results: Results): string {
  const m = results.machine;
  const lines = [
    `Machine: ${m.cpus} x ${m.model}, ${m.memGiB} GiB, ${m.os}; Node ${m.node}; Pulumi CLI ${m.pulumi} (engine \`--parallel\` default ${m.engineDefaultParallel}); 1-minute load ${m.loadAverage} at start; ${m.date.slice(0, 10)}.`,
    `Run: N = ${m.N} flows, ${m.repeats} repeats (median, min-max), ${m.latencyMs} ms emulator latency in P3, package concurrency default C = ${m.packageDefaultConcurrency}.`,
    "",
    table(results.entries),
  ];
  if (results.failures.length > 0) {
    lines.push("", "Scenarios that could not run:", ...results.failures.map((f) => `- ${f.scenario}: ${f.error.split("\n")[0]}`));
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, "results.json"));
  process.stdout.write(resultsMarkdown(JSON.parse(fs.readFileSync(file, "utf8")) as Results));
}
