import { describe, expect, it } from 'vitest';
import { KeyedLimiter, Limiter } from '../../../electron/core/tickets/limiter';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('request limiter', () => {
  it('runs at most `max` tasks at once and starts waiting ones in arrival order', async () => {
    const limiter = new Limiter(3);
    const gates = Array.from({ length: 6 }, () => deferred());
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.inFlight).toBe(3);
    expect(limiter.queued).toBe(3);
    gates[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.inFlight).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(limiter.inFlight).toBe(0);
  });

  it('keeps one independent limiter per helpdesk', async () => {
    const limiters = new KeyedLimiter(1);
    const gate = deferred();
    const a = limiters.run('a', () => gate.promise);
    let bDone = false;
    const b = limiters.run('b', async () => {
      bDone = true;
    });
    await b;
    expect(bDone).toBe(true);
    expect(limiters.for('a').inFlight).toBe(1);
    gate.resolve();
    await a;
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
