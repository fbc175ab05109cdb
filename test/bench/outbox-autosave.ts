import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDrafts } from '../../electron/core/drafts';
import { openStore } from '../../electron/core/store';
import { percentile } from './stats';

/**
 * Cost of the autosave target (figures, not assertions): `draft:save` with changed text (one
 * synced SQLite commit) and with unchanged text (a read, no write), next to 200 other drafts.
 */
export async function benchAutosave(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'staffdesk-autosave-'));
  const store = openStore(dir);
  try {
    const h = store.helpdesks.insert({ label: 'Bench', apiRoot: 'https://bench.test/api', userEmail: null, userId: null, staffName: null, staffLevel: null });
    for (let i = 0; i < 200; i++) store.drafts.save({ helpdeskId: h.id, ticketNumber: 1000 + i, kind: 'reply', content: '<p>other draft</p>'.repeat(100) });
    const drafts = createDrafts({ store, dataDir: dir });
    const text = `<p>${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(100)}</p>`;
    const runs = 300;
    const time = (label: string, html: (i: number) => string): void => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        drafts.save({ helpdeskId: h.id, ticketNumber: 1, html: html(i), internal: false });
        samples.push(performance.now() - started);
      }
      const at = (p: number) => percentile(samples, p).toFixed(2);
      console.log(`autosave ${label}: p50 ${at(50)} ms, p95 ${at(95)} ms (${runs} saves of ${Math.round(text.length / 1024)} KB)`);
    };
    time('with changed text', (i) => `${text}${i}`);
    time('with unchanged text', () => `${text}same`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
