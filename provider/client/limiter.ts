/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order.
 * The client keeps one per account (SID and API domain) at module level, and the provider
 * process is shared by every resource of a stack run, so the limit holds across all flows.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Changes the limit; waiting tasks start at once if the new limit allows. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  /** Runs `task` when a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.running--;
      this.drain();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.running++;
      resolve();
    }));
  }

  private drain(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()!();
  }
}

const limiters = new Map<string, Limiter>();

/**
 * The limiter for one account, created on first use. A later call with another limit
 * adjusts it, so the last configured value wins.
 */
export function limiterFor(key: string, limit: number): Limiter {
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new Limiter(limit);
    limiters.set(key, limiter);
  } else {
    limiter.setLimit(limit);
  }
  return limiter;
}
