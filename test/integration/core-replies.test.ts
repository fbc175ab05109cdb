import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, type RunningSim } from '../../sim';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { MemoryVault } from '../../electron/core/instances/vault';
import type { BridgeResult, EventName, OutboxItemView } from '../../electron/contract';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { account } from '../support/sim';

/**
 * Replies through the whole core as the renderer sends them: the draft is saved, `reply:send`
 * delivers at once when online, queues when the helpdesk is down, and the queue drains exactly
 * once when the helpdesk is back.
 */
const TICKET = 196568;
let sim: RunningSim;
let proxy: FaultProxy;
let core: AppCore;
let dataDir: string;
let helpdeskId: string;
const outboxEvents: OutboxItemView[][] = [];

function ok<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
  proxy = await startFaultProxy(sim.origin);
  dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-replies-'));
  core = await createAppCore({ dataDir, vault: new MemoryVault(), appVersion: 'test', timeoutMs: 1500, outboxRetry: { firstDelayMs: 200, settleMs: 500 } });
  core.handlers.subscribe((event: EventName, payload) => {
    if (event === 'outbox:changed') outboxEvents.push(payload as OutboxItemView[]);
  });
  const view = ok(await core.handlers.invoke('helpdesks:add', [{ url: `${proxy.url}/api`, email: 'admin@example.test', password: account(sim, 'admin@example.test').password }]));
  helpdeskId = view.id;
  await core.start();
});
afterAll(async () => {
  await core.stop();
  await proxy.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const comments = async (text: string) => {
  const admin = await fetch(`${sim.apiRoot}/user/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: 'admin@example.test', password: account(sim, 'admin@example.test').password, staff: '1' }),
  });
  const cookie = admin.headers.get('set-cookie')!.split(';')[0]!;
  const { data } = (await admin.json()) as { data: { userId: string; token: string } };
  const res = await fetch(`${sim.apiRoot}/ticket/get`, {
    method: 'POST',
    headers: { cookie },
    body: new URLSearchParams({ ticketNumber: String(TICKET), csrf_userid: data.userId, csrf_token: data.token }),
  });
  const ticket = (await res.json()) as { data: { events: { type: string; content: string | null }[] } };
  return ticket.data.events.filter((e) => e.type === 'COMMENT' && e.content?.includes(text)).length;
};

describe('replies through the core', () => {
  it('saves the draft, then delivers at once when online and removes the draft', async () => {
    const ref = { helpdeskId, ticketNumber: TICKET };
    ok(await core.handlers.invoke('ticket:open', [ref]));
    const draft = ok(await core.handlers.invoke('draft:save', [{ ...ref, html: '<p>Online reply</p>', internal: false }]));
    expect(draft.html).toBe('<p>Online reply</p>');
    const sent = ok(await core.handlers.invoke('reply:send', [ref]));
    expect(sent.state).toBe('delivered');
    expect(sent.ticket?.events.some((e) => e.html?.includes('Online reply'))).toBe(true);
    expect(ok(await core.handlers.invoke('draft:get', [ref]))).toBeNull();
    expect(await comments('Online reply')).toBe(1);
  });

  it('queues while the helpdesk is down and delivers exactly once when it is back', async () => {
    const ref = { helpdeskId, ticketNumber: TICKET };
    await proxy.set('refuse');
    ok(await core.handlers.invoke('draft:save', [{ ...ref, html: '<p>Written on the train</p>', internal: true }]));
    const sent = ok(await core.handlers.invoke('reply:send', [ref]));
    expect(['queued', 'sending']).toContain(sent.state);
    const listed = ok(await core.handlers.invoke('outbox:list', []));
    expect(listed.map((i) => [i.ticketNumber, i.internal, i.html])).toEqual([[TICKET, true, '<p>Written on the train</p>']]);
    await proxy.heal();
    ok(await core.handlers.invoke('helpdesks:reconnect', [{ id: helpdeskId }]));
    await expect.poll(async () => ok(await core.handlers.invoke('outbox:list', [])).length, { timeout: 15_000 }).toBe(0);
    expect(await comments('Written on the train')).toBe(1);
    expect(outboxEvents.length).toBeGreaterThan(0);
  });
});
