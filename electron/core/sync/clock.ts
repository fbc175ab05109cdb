/**
 * Time as the sync engine sees it. Injected so tests and the benchmark can run many poll
 * intervals per real second while the engine still talks real HTTP to the simulator.
 */
export interface SyncClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  schedule(ms: number, fn: () => void): () => void;
}

export const systemClock: SyncClock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    // A poller must never be the only thing keeping a process (a CLI, a test worker) alive.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/**
 * A clock that runs `factor` times faster than real time: a 20 s interval with factor 100 takes
 * 200 ms of real time. `now()` moves at the same speed, so durations measured with it are in
 * "clock" seconds and compare directly with the configured interval.
 */
export function scaledClock(factor: number, origin = Date.now()): SyncClock {
  if (!(factor > 0)) throw new RangeError('factor must be positive');
  return {
    now: () => origin + (Date.now() - origin) * factor,
    schedule(ms, fn) {
      const handle = setTimeout(fn, Math.max(0, ms / factor));
      handle.unref?.();
      return () => clearTimeout(handle);
    },
  };
}
