/**
 * Figures of the previous release, from another run: what P3 compares the read-before-write
 * `up` with. They were measured on another day (same machine kind, another load), so their
 * ratios say "about how much slower or faster", not a measurement of this run; the report
 * labels them so.
 */

/** A median with its min-max spread, as the earlier RESULTS.md printed it. */
export interface RecordedFigure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** P3 of version 0.1.0: one POST per changed flow, no read. */
export const PREVIOUS_RELEASE = {
  version: "0.1.0",
  /** Where the figures are written, for anyone who wants to check them. */
  source: "bench/RESULTS.md as committed in 9ff291a (the run of 2026-11-24 on main after c562f40, version 0.1.0)",
  /** The conditions they hold for: a run with other values gets no comparison. */
  flows: 500,
  latencyMs: 100,
  parallel: 8,
  concurrency: 16,
  requestsPerFlow: 1,
  /** `pulumi up` changing all 500 flows, checkpoints on (the file backend's default). */
  up: { median: 33.2, min: 33.1, max: 34.2 } as RecordedFigure,
  /** The same with PULUMI_SKIP_CHECKPOINTS=true. */
  upWithoutCheckpoints: { median: 11.6, min: 11.3, max: 12.9 } as RecordedFigure,
  /**
   * P1's baseline in that run: `pulumi preview` of 500 plain no-op resources. Neither the
   * no-op program's plain variant nor the CLI (3.248.0) has changed since, so this run's
   * figure against it says how fast the machine was then against now: the yardstick for
   * reading the comparisons above.
   */
  noopPreview: { median: 6.31, min: 6.28, max: 6.79 } as RecordedFigure,
} as const;
