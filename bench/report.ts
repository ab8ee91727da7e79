/**
 * The results: entries in the shape CI dashboards take (`name`, `value`, `unit`, plus the
 * baseline measured in the same run, the ratio and its target), printed as a table on
 * stdout and written as JSON.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Machine } from "./machine";
import { ratio as ratioOf, round, Summary } from "./stats";

/** How a ratio is judged: below or above a bound. */
export interface Target {
  readonly op: "<=" | ">=" | "<" | ">";
  readonly bound: number;
}

/** One reported figure. */
export interface Entry {
  /**
   * Stable key, the same in every run whatever N or the machine (e.g. `P3.up.default`):
   * what RESULTS.template.md and dashboards refer to. Entries built without one get a slug
   * of their name.
   */
  readonly id: string;
  /** What the figure is, in words, e.g. `P1 preview, 500 flows, no changes`. */
  readonly name: string;
  /** The measured median (or, for a fitted slope, the least-squares estimate). */
  readonly value: number;
  readonly unit: string;
  /** The baseline's median, measured in the same run (null when there is none). */
  readonly baseline: number | null;
  /** value / baseline (null without a baseline, or when the target is not on a ratio). */
  readonly ratio: number | null;
  /**
   * The target, e.g. `<= 1.05` (on the ratio), `value <= 2 s` or `value <= baseline + 16`
   * (on the value itself); null for a figure reported for information.
   */
  readonly target: string | null;
  /** Whether the target is met (null without one). Reported, not enforced. */
  readonly pass: boolean | null;
  /** Spread of `value` over the repeats (for a fitted slope: its 95% confidence interval). */
  readonly spread: { readonly min: number; readonly max: number };
  /** Spread of `baseline` over the repeats. */
  readonly baselineSpread: { readonly min: number; readonly max: number } | null;
  /** Every sample of `value`, in run order. */
  readonly samples: readonly number[];
  /** What was measured against what, in a few words. */
  readonly note: string;
  /** Only on a fitted slope: R² of the value's fit and of the baseline's. */
  readonly fit?: { readonly r2: number; readonly baselineR2: number | null; readonly points: number };
}

/** Where the results came from, so anyone can check them against the code that made them. */
export interface RunInfo {
  /** `git rev-parse HEAD` when the run started. */
  readonly commit: string;
  /** Files that differed from that commit when the run started (`git status --porcelain`), at most 50. */
  readonly uncommitted: readonly string[];
  /** The bench's command-line arguments. */
  readonly args: readonly string[];
  /** Wall time of the whole run, in seconds. */
  readonly elapsedS: number;
}

/** The JSON file: where it ran, then the entries. */
export interface Results {
  readonly machine: Machine;
  /** Absent from results written before it was recorded. */
  readonly run?: RunInfo;
  readonly entries: readonly Entry[];
  /** Scenarios that could not run, with why (the run exits non-zero if any). */
  readonly failures: ReadonlyArray<{ readonly scenario: string; readonly error: string }>;
}

/** A stable key from a name: lower case, runs of other characters turned into one `-`. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Whether `ratio` meets `target`. */
export function meets(ratio: number, target: Target): boolean {
  switch (target.op) {
    case "<=":
      return ratio <= target.bound;
    case ">=":
      return ratio >= target.bound;
    case "<":
      return ratio < target.bound;
    case ">":
      return ratio > target.bound;
  }
}

/**
 * Builds an entry from a measured summary and an optional baseline summary and target.
 * `id` defaults to a slug of the name; give one whenever the name holds N or a machine's
 * figure, so it stays the same from run to run.
 */
export function entry(
  name: string,
  unit: string,
  value: Summary,
  baseline: Summary | null,
  target: Target | null,
  note: string,
  digits = 3,
  id = slug(name),
): Entry {
  const ratio = baseline ? ratioOf(value.median, baseline.median) : null;
  const pass = target && ratio !== null && Number.isFinite(ratio) ? meets(ratio, target) : null;
  return {
    id,
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

/** A number as the table shows it: whole numbers and numbers of 100 or more without decimals, then 3 significant digits. */
export function formatNumber(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return "n/a"; // JSON turns NaN into null
  return Number.isInteger(n) || Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** A value with its spread (when there is one) and unit, e.g. `33.2 (33.1-34.2) s`. */
export function formatFigure(
  value: number | null,
  spread: { min: number | null; max: number | null } | null,
  unit: string,
  r2?: number | null,
): string {
  const range = spread && spread.min !== spread.max ? ` (${formatNumber(spread.min)}-${formatNumber(spread.max)})` : "";
  const fit = r2 === undefined ? "" : `, R² ${formatNumber(r2)}`;
  return `${formatNumber(value)}${range} ${unit}${fit}`;
}

/** The entries as a Markdown table (GitHub renders it; a terminal reads it as is). */
export function table(entries: readonly Entry[]): string {
  const rows = [
    ["figure", "value (min-max)", "baseline (min-max)", "ratio", "target", "pass"],
    ...entries.map((e) => [
      e.name,
      formatFigure(e.value, e.spread, e.unit, e.fit?.r2),
      e.baseline === null
        ? "-"
        : formatFigure(e.baseline, e.baselineSpread, e.unit, e.fit ? e.fit.baselineR2 : undefined),
      e.ratio === null ? "-" : e.ratio.toFixed(3),
      e.target ?? "-",
      e.pass === null ? "-" : e.pass ? "yes" : "NO",
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
