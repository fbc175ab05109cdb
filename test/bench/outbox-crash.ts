import { formatReport, runCrashTrials } from '../crash/trials';

/**
 * Crash trials at length (figures, not assertions): 50 SIGKILLs of the driver at random moments
 * while typing and sending, through random network faults, then every typed reply is counted on
 * the server. `test/integration/outbox-crash.test.ts` runs 10 and asserts.
 */
export async function benchCrash(): Promise<void> {
  const started = performance.now();
  const report = await runCrashTrials({ trials: 50, log: (line) => console.log(`  ${line}`) });
  console.log(formatReport(report));
  for (const problem of report.problems) console.log(`  problem: ${problem}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`crash trials: ${(seconds / report.trials).toFixed(2)} s per trial (driver start-up included)`);
}
