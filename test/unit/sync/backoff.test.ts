import { describe, expect, it } from 'vitest';
import { backoffDelay, describeDelay } from '../../../electron/core/sync';

describe('backoff', () => {
  const policy = { baseMs: 5_000, maxMs: 300_000 };

  it('doubles from the base and stops at the cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, policy, mid))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('jitters by ±20 % and still grows at every step below the cap, whatever the random draws', () => {
    for (let trial = 0; trial < 200; trial++) {
      let previous = 0;
      for (let attempt = 1; attempt <= 6; attempt++) {
        const delay = backoffDelay(attempt, policy, Math.random);
        const raw = 5_000 * 2 ** (attempt - 1);
        expect(delay).toBeGreaterThanOrEqual(raw * 0.8);
        expect(delay).toBeLessThanOrEqual(raw * 1.2);
        expect(delay).toBeGreaterThan(previous);
        previous = delay;
      }
    }
  });

  it('describes delays briefly', () => {
    expect(describeDelay(4_200)).toBe('4 s');
    expect(describeDelay(120_000)).toBe('2 min');
    expect(describeDelay(80_000)).toBe('1 min 20 s');
  });
});
