/**
 * `npm run bench [-- name …]`: every benchmark, or the named ones. Benchmarks print figures; they
 * never assert, so a slow machine cannot fail them, and comparisons are made within one run.
 */
interface Bench {
  name: string;
  what: string;
  run: () => Promise<void>;
}

const BENCHES: Bench[] = [
  { name: 'sim', what: 'simulator latency per path on a 10,000-ticket helpdesk', run: async () => (await import('./sim-speed')).benchSim() },
  { name: 'sync', what: 'sync engine: notification latency, requests per hour, memory', run: async () => (await import('./sync-bench')).benchSync() },
  { name: 'outbox-crash', what: 'outbox: 50 crash trials while typing and sending, replies counted on the server', run: async () => (await import('./outbox-crash')).benchCrash() },
  { name: 'outbox-autosave', what: 'outbox: cost of draft autosave (changed and unchanged text)', run: async () => (await import('./outbox-autosave')).benchAutosave() },
  { name: 'ui', what: 'console in Chromium on a 10,000-ticket helpdesk: load, open, requests, scrolling, heap', run: async () => (await import('./ui-bench')).benchUi() },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    console.log(`\n== ${bench.name}: ${bench.what}`);
    const started = performance.now();
    await bench.run();
    console.log(`== ${bench.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
