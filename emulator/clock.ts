/**
 * The emulator's time: the clock behind log entries and Retry-After dates, and the timer
 * behind injected latency. Tests pass their own to see which delay was asked for and to end
 * it when they choose, instead of measuring the wall clock.
 */
export interface EmulatorClock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /**
   * Calls `callback` once, `ms` milliseconds from now, and never from within this call (as
   * `setTimeout`). The returned function cancels it; `close()` cancels every pending one.
   */
  delay(ms: number, callback: () => void): () => void;
}

/** Real time: `Date.now()` and `setTimeout`. The default of `startEmulator`. */
export const SYSTEM_CLOCK: EmulatorClock = Object.freeze({
  now: () => Date.now(),
  delay: (ms: number, callback: () => void) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
});
