/**
 * Progress lines on stderr, one per phase, so stdout carries only the result table and a
 * long run shows where it is.
 */
const started = Date.now();

/** Prints `[bench +12s] message` to stderr. */
export function progress(message: string): void {
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[bench +${seconds}s] ${message}\n`);
}

/** Seconds since the bench started. */
export function elapsedSeconds(): number {
  return (Date.now() - started) / 1000;
}
