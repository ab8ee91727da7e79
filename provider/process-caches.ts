/**
 * What this process keeps from one call to the next, outside any object: the API keys seen
 * (masked in every error), one limiter per account (concurrency across the whole stack run)
 * and the engine connection for warnings. Each module that keeps such state registers how
 * to forget it here, so there is one reset for all of them.
 */
const resets = new Set<() => void>();

/** Registers how a module forgets its process-wide state. Called once, at module load. */
export function registerProcessCache(reset: () => void): void {
  resets.add(reset);
}

/**
 * Forgets everything kept process-wide: known keys, per-account limiters, the engine
 * connection. For tests that must not inherit another test's state, and for hosts that
 * serve more than one stack run in a process.
 */
export function resetProcessCaches(): void {
  for (const reset of resets) reset();
}
