import { startSim } from './index.js';

function usage(): never {
  console.error('usage: npm run sim -- [--port 8080] [--seed demo|recorded|empty] [--tickets N] [--host 127.0.0.1] [--prefix /api] [--latency MS] [--db FILE]');
  process.exit(2);
}

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) usage();
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined) usage();
      out.set(a.slice(2), v);
      i++;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const k of args.keys()) if (!['port', 'seed', 'tickets', 'host', 'prefix', 'latency', 'db'].includes(k)) usage();
  const seed = args.get('seed') ?? 'demo';
  if (seed !== 'demo' && seed !== 'recorded' && seed !== 'empty') usage();
  const num = (k: string): number | undefined => {
    const v = args.get(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) usage();
    return Number(v);
  };
  const started = Date.now();
  const sim = await startSim({
    seed,
    host: args.get('host') ?? '127.0.0.1',
    port: num('port') ?? 8080,
    tickets: num('tickets'),
    apiPrefix: args.get('prefix') ?? '/api',
    latencyMs: num('latency'),
    dbFile: args.get('db'),
  });
  console.log(`OpenSupports 4.11 simulator (seed "${seed}") ready in ${Date.now() - started} ms`);
  console.log(`API root: ${sim.apiRoot}`);
  console.log('Staff accounts:');
  for (const s of sim.credentials.staff) console.log(`  level ${s.level ?? '?'}  ${s.email}  password: ${s.password}  (${s.name})`);
  if (sim.credentials.users.length > 0) {
    const u = sim.credentials.users[0];
    if (u) console.log(`Customers: ${sim.credentials.users.length} (e.g. ${u.email} / ${u.password})`);
  }
  console.log(`Scripting: POST ${sim.origin}/__sim/<method> with header x-sim-secret: ${sim.secret}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping simulator`);
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
