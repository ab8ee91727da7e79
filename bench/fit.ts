/**
 * Least-squares line through measured points, for memory per added flow: a slope with a
 * confidence interval and R², so a noisy fit shows as such instead of passing for a figure.
 */

/** A straight-line fit y = intercept + slope * x. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Share of y's variance the line explains: 1 on a perfect line, near 0 when y does not follow x (or barely varies). */
  readonly r2: number;
  /** 95% confidence interval of the slope (Student's t, n - 2 degrees of freedom); NaN with fewer than 3 points. */
  readonly slopeLow: number;
  readonly slopeHigh: number;
  readonly points: number;
}

// Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The two-sided 95% quantile of Student's t with `df` degrees of freedom. */
export function t95(df: number): number {
  if (df < 1) return Number.NaN;
  return df <= T95.length ? T95[df - 1] : 1.96;
}

/**
 * Fits a line through `points` by ordinary least squares.
 * @throws when there are fewer than two distinct x values (no line is defined).
 */
export function linearFit(points: ReadonlyArray<{ readonly x: number; readonly y: number }>): LinearFit {
  const n = points.length;
  const mean = (f: (p: { x: number; y: number }) => number) => points.reduce((s, p) => s + f(p), 0) / n;
  const mx = mean((p) => p.x);
  const my = mean((p) => p.y);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (n < 2 || sxx === 0) throw new Error(`linearFit: needs at least two distinct x values, got ${n} point(s)`);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const syy = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residual = points.reduce((s, p) => s + (p.y - intercept - slope * p.x) ** 2, 0);
  // All y equal: the line explains everything there is (nothing), and fits exactly.
  const r2 = syy === 0 ? 1 : 1 - residual / syy;
  const halfWidth = n > 2 ? t95(n - 2) * Math.sqrt(residual / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept, r2, slopeLow: slope - halfWidth, slopeHigh: slope + halfWidth, points: n };
}
