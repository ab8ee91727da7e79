import type { BenchContext } from "../context";
import type { Entry } from "../report";

/** One benchmark scenario: measures, and returns its entries. Throws if it cannot run. */
export interface Scenario {
  /** Short id used by `--only` and in entry names (P1, P2, ...). */
  readonly id: string;
  readonly title: string;
  /** Scenarios whose measurements this one reports on; run first when selected. */
  run(ctx: BenchContext): Promise<Entry[]>;
}

/**
 * Runs `measure` for each of `kinds` `repeats` times, alternating which goes first in each
 * round, so a machine that slows down or speeds up during the run weighs on both sides
 * alike. Returns the samples per kind, in run order.
 */
export async function interleaved<K extends string>(
  kinds: readonly K[],
  repeats: number,
  measure: (kind: K, round: number) => Promise<number>,
): Promise<Record<K, number[]>> {
  const samples = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < repeats; round++) {
    const order = round % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) samples[kind].push(await measure(kind, round));
  }
  return samples;
}
