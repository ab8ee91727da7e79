/**
 * Memory per added flow: the sizes MEM fits over, and a fitted slope as a report entry.
 */
import type { LinearFit } from "../fit";
import { entry, Entry } from "../report";
import { round } from "../stats";

/** The stack sizes whose peaks are fitted: N/5, N/2 and N, distinct, at least 1 flow. */
export function memorySizes(flows: number): number[] {
  return [...new Set([Math.round(flows / 5), Math.round(flows / 2), flows].map((n) => Math.max(1, n)))].sort(
    (a, b) => a - b,
  );
}

/** A fitted slope in KiB per flow, as an entry, with the target when `bound` is given. */
export function slopeEntry(
  id: string,
  name: string,
  fit: LinearFit,
  base: LinearFit | null,
  bound: number | null,
  note: string,
): Entry {
  const kib = (mib: number) => mib * 1024;
  const asSummary = (f: LinearFit) => ({
    median: kib(f.slope),
    min: kib(f.slopeLow),
    max: kib(f.slopeHigh),
    samples: [kib(f.slope)],
  });
  const built = entry(name, "KiB/flow", asSummary(fit), base ? asSummary(base) : null, null, note, 1, id);
  const limit = base && bound !== null ? round(kib(base.slope), 1) + bound : null;
  return {
    ...built,
    // A ratio of two slopes means nothing when the baseline's is near zero: the target is on the difference.
    ratio: null,
    target: limit === null ? null : `value <= baseline + ${bound}`,
    pass: limit === null ? null : built.value <= limit,
    fit: { r2: round(fit.r2, 3), baselineR2: base ? round(base.r2, 3) : null, points: fit.points },
  };
}
