import { describe, expect, it } from 'vitest';
import { formatReport, runCrashTrials } from '../crash/trials';

/**
 * SIGKILL at random moments while typing and while sending, restart, repeat: nothing typed is
 * lost and nothing is sent twice. `npm run bench outbox-crash` runs the longer version.
 */
describe('crash trials', () => {
  it('loses and duplicates nothing over 10 kills', { timeout: 240_000 }, async () => {
    const report = await runCrashTrials({ trials: 10 });
    console.log(formatReport(report));
    expect(report.problems).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.altered).toBe(0);
    expect(report.strayFiles).toBe(0);
    expect(report.delivered).toBeGreaterThan(0);
  });
});
