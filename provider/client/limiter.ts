/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order.
 * The client keeps one per account (SID and API domain) at module level, and the provider
 * process is shared by every resource of a stack run, so the limit holds across all flows.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<{ start: () => void; cancel: (reason: unknown) => void }> = [];

  constructor(private limit: number) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Changes the limit; waiting tasks start at once if the new limit allows. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  /**
   * Runs `task` when a slot is free, and frees the slot when it settles. If `signal` aborts
   * while the task is still waiting, it leaves the queue and this rejects with
   * {@link QueueAbortedError}; a task already running is the task's own business.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.drain();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueueAbortedError());
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => entry.cancel(new QueueAbortedError());
      const entry = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.running++;
          resolve();
        },
        cancel: (reason: unknown) => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(reason);
        },
      };
      this.waiting.push(entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private drain(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()!.start();
  }
}

/** A task's signal aborted while it was waiting for a slot: it never ran. */
export class QueueAbortedError extends Error {
  constructor() {
    super("aborted while waiting for a free slot");
    this.name = "QueueAbortedError";
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
