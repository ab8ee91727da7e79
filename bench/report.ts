/**
 * The results: entries in the shape CI dashboards take (`name`, `value`, `unit`, plus the
 * baseline measured in the same run, the ratio and its target), printed as a table on
 * stdout and written as JSON.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Machine } from "./machine";
import { ratio as ratioOf, round, Summary } from "./stats";

/** How a ratio is judged: at most or at least a bound. */
export interface Target {
  readonly op: "<=" | ">=";
  readonly bound: number;
}

/** One reported figure. */
export interface Entry {
  /** Stable identifier, e.g. `P1 preview time`. */
  readonly name: string;
  /** The measured median. */
  readonly value: number;
  readonly unit: string;
  /** The baseline's median, measured in the same run (null when there is none). */
  readonly baseline: number | null;
  /** value / baseline: the figure the target applies to (null without a baseline). */
  readonly ratio: number | null;
  /** The target on `ratio`, e.g. `<= 1.05`; null for a figure reported for information. */
  readonly target: string | null;
  /** Whether the ratio meets the target (null without one). Reported, not enforced. */
  readonly pass: boolean | null;
  /** Spread of `value` over the repeats. */
  readonly spread: { readonly min: number; readonly max: number };
  /** Spread of `baseline` over the repeats. */
  readonly baselineSpread: { readonly min: number; readonly max: number } | null;
  /** Every sample of `value`, in run order. */
  readonly samples: readonly number[];
  /** What was measured against what, in a few words. */
  readonly note: string;
}

/** The JSON file: where it ran, then the entries. */
export interface Results {
  readonly machine: Machine;
  readonly entries: readonly Entry[];
  /** Scenarios that could not run, with why (the run exits non-zero if any). */
  readonly failures: ReadonlyArray<{ readonly scenario: string; readonly error: string }>;
}

/** Builds an entry from a measured summary and an optional baseline summary and target. */
export function entry(name: string, unit: string, value: Summary, baseline: Summary | null, target: Target | null, note: string, digits = 3): Entry {
  const ratio = baseline ? ratioOf(value.median, baseline.median) : null;
  const pass = target && ratio !== null && Number.isFinite(ratio) ? (target.op === "<=" ? ratio <= target.bound : ratio >= target.bound) : null;
  return {
    name,
    value: round(value.median, digits),
    unit,
    baseline: baseline ? round(baseline.median, digits) : null,
    ratio: ratio === null ? null : round(ratio, 3),
    target: target ? `${target.op} ${target.bound}` : null,
    pass,
    spread: { min: round(value.min, digits), max: round(value.max, digits) },
    baselineSpread: baseline ? { min: round(baseline.min, digits), max: round(baseline.max, digits) } : null,
    samples: value.samples.map((s) => round(s, digits)),
    note,
  };
}

/** Writes the JSON results, creating the folder. */
export function writeResults(file: string, results: Results): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

function figure(value: number, spread: { min: number; max: number } | null, unit: string): string {
  const fmt = (n: number) => (Number.isInteger(n) || Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
  const range = spread && spread.min !== spread.max ? ` (${fmt(spread.min)}-${fmt(spread.max)})` : "";
  return `${fmt(value)}${range} ${unit}`;
}

/** The entries as a Markdown table (GitHub renders it; a terminal reads it as is). */
export function table(entries: readonly Entry[]): string {
  const rows = [
    ["figure", "value (min-max)", "baseline (min-max)", "ratio", "target", "pass"],
    ...entries.map((e) => [
      e.name,
      figure(e.value, e.spread, e.unit),
      e.baseline === null ? "-" : figure(e.baseline, e.baselineSpread, e.unit),
      e.ratio === null ? "-" : e.ratio.toFixed(3),
      e.target ?? "-",
      e.pass === null ? "-" : e.pass ? "yes" : "NO",
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
