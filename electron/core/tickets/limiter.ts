/**
 * Bounds how many requests one helpdesk has in flight, across queues, tickets and searches.
 * OpenSupports servers are often small PHP hosts that send mail synchronously (§6.13); a burst of
 * page loads must not crowd out the agent's own actions or trip a host's rate limits.
 * Only leaf calls go through a limiter: a task holding a slot never waits for another slot.
 */

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limiter needs at least one slot, got ${max}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.active--;
    }
  }
}

/** One limiter per key (helpdesk id), created on first use. */
export class KeyedLimiter {
  private readonly limiters = new Map<string, Limiter>();

  constructor(readonly maxPerKey: number) {}

  for(key: string): Limiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.maxPerKey);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.for(key).run(task);
  }

  forget(key: string): void {
    this.limiters.delete(key);
  }
}
