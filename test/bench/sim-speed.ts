import { pathToFileURL } from 'node:url';
import { startSim } from '../../sim/index.js';
import { percentile } from './stats';

/**
 * Speed of the simulator itself (figures, not assertions): a 10,000-ticket demo
 * helpdesk, ~200 sequential calls per path over loopback HTTP, p50/p95 in ms.
 */

const CALLS = 200;

export async function benchSim(): Promise<void> {
  const t0 = performance.now();
  const sim = await startSim({ seed: 'demo', tickets: 10_000 });
  console.log(`sim: demo seed with 10,000 tickets ready in ${Math.round(performance.now() - t0)} ms`);
  try {
    const admin = sim.credentials.staff.find((s) => s.level === 3);
    if (!admin) throw new Error('no level-3 staff in the demo seed');
    let cookie = '';
    const post = async <T>(path: string, params: Record<string, string>): Promise<{ ms: number; body: { status: string; message?: string; data: T } }> => {
      const start = performance.now();
      const res = await fetch(sim.apiRoot + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(params),
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0] ?? '';
      const body = (await res.json()) as { status: string; message?: string; data: T };
      return { ms: performance.now() - start, body };
    };
    const login = await post<{ userId: string; token: string }>('/user/login', { email: admin.email, password: admin.password, staff: '1' });
    const csrf = { csrf_userid: login.body.data.userId, csrf_token: login.body.data.token };

    const numbers: string[] = [];
    for (let page = 1; numbers.length < CALLS; page++) {
      const r = await post<{ tickets: { ticketNumber: string }[] }>('/ticket/search', { ...csrf, page: String(page) });
      numbers.push(...r.body.data.tickets.map((t) => t.ticketNumber));
    }

    const queries = ['invoice', 'login', 'app', 'refund', 'API', '502', 'spam', 'quote'];
    const scenarios: { name: string; params: (i: number) => Record<string, string>; path: string }[] = [
      { name: 'staff/get-tickets', path: '/staff/get-tickets', params: (i) => ({ page: String((i % 50) + 1), closed: String(i % 2) }) },
      { name: 'ticket/get', path: '/ticket/get', params: (i) => ({ ticketNumber: numbers[i % numbers.length] ?? '' }) },
      {
        name: 'ticket/search',
        path: '/ticket/search',
        params: (i): Record<string, string> =>
          i % 3 === 0
            ? { page: String((i % 100) + 1) }
            : i % 3 === 1
              ? { page: '1', query: queries[i % queries.length] ?? 'a' }
              : { page: String((i % 20) + 1), closed: '0', orderBy: '{"value":"date","asc":0}' },
      },
      { name: 'ticket/comment', path: '/ticket/comment', params: (i) => ({ ticketNumber: numbers[i % numbers.length] ?? '', content: `<p>Benchmark reply ${i}</p>`, private: String(i % 2) }) },
    ];
    const rows: string[] = [];
    for (const s of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const r = await post(s.path, { ...csrf, ...s.params(i) });
        if (r.body.status !== 'success') throw new Error(`${s.name} failed: ${r.body.message ?? ''}`);
        times.push(r.ms);
      }
      times.sort((a, b) => a - b);
      rows.push(`${s.name.padEnd(20)} p50 ${percentile(times, 50).toFixed(2).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(6)} ms   (${CALLS} calls)`);
    }
    console.log(rows.join('\n'));
    console.log(`requests served: ${sim.requestCount()}`);
  } finally {
    await sim.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSim().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
