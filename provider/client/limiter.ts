import { registerProcessCache } from "../process-caches";

/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order.
 * The client keeps one per account (SID and API domain) at module level, and the provider
 * process is shared by every resource of a stack run, so the limit holds across all flows.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

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
   * Runs `task` when a slot is free, and frees the slot when it settles. If it has waited
   * `maxWaitMs` and is still queued, it leaves the queue and this rejects with
   * {@link QueueTimeoutError}; a task already running is the task's own business. A timer
   * is set only when the task has to wait.
   */
  async run<T>(task: () => Promise<T>, maxWaitMs?: number): Promise<T> {
    await this.acquire(maxWaitMs);
    try {
      return await task();
    } finally {
      this.running--;
      this.drain();
    }
  }

  private acquire(maxWaitMs?: number): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    if (maxWaitMs !== undefined && maxWaitMs <= 0) return Promise.reject(new QueueTimeoutError());
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const entry = {
        start: () => {
          if (timer) clearTimeout(timer);
          this.running++;
          resolve();
        },
      };
      this.waiting.push(entry);
      if (maxWaitMs !== undefined) {
        timer = setTimeout(() => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(new QueueTimeoutError());
        }, maxWaitMs);
      }
    });
  }

  private drain(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()!.start();
  }
}

/** A task waited its longest for a slot and never ran. The client turns it into a TimeoutError. */
export class QueueTimeoutError extends Error {
  constructor() {
    super("no free slot in time");
    this.name = "QueueTimeoutError";
  }
}

const limiters = new Map<string, Limiter>();
registerProcessCache(() => limiters.clear());

/**
 * The limiter for one account, created on first use. A client made later with another limit
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
