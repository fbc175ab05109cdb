import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenSupportsClient } from '../../electron/core/opensupports';
import { TICKET_NOT_VISIBLE } from '../../electron/core/outbox';
import { startSim, type RunningSim } from '../../sim';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { ADMIN_ID, ALICE, commentsLike, createHarness, observer, SAM_ID, TERRY_ID, uniqueReply, type Harness } from './outbox-harness';

/**
 * The traffic cop: a reply queued while offline is held when the ticket changed under it since the
 * draft began, with one sentence per change, and waits for the person's decision.
 */
let sim: RunningSim;
let proxy: FaultProxy;
let watcher: OpenSupportsClient;
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
  proxy = await startFaultProxy(sim.origin);
  watcher = await observer(sim);
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
afterEach(async () => {
  await proxy.heal();
  for (const h of harnesses.splice(0)) await h.close();
});

/** A fresh Billing ticket by Alice, so each test starts from an untouched ticket. */
function billingTicket(title: string): number {
  return Number(sim.act.createTicket({ userId: ALICE.userId, title, content: `${title}: details`, departmentId: 2 }));
}

/** Sam opens the ticket, writes a reply while offline, and queues it. */
async function queuedWhileOffline(ticketNumber: number, html: string): Promise<{ h: Harness; id: number }> {
  const h = await createHarness(sim, proxy);
  harnesses.push(h);
  await h.open(ticketNumber);
  h.online.value = false;
  h.type(ticketNumber, html);
  const result = await h.outbox.send(h.helpdeskId, ticketNumber);
  expect(result.state).toBe('queued');
  return { h, id: result.item.id };
}

async function reconnect(h: Harness): Promise<void> {
  h.online.value = true;
  h.outbox.onConnectivity(h.helpdeskId, 'online');
  await h.outbox.flush(h.helpdeskId);
}

const time = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('collisions while the reply waited', () => {
  it('sends a queued reply when nothing changed', async () => {
    const ticket = billingTicket('Nothing changes');
    const html = uniqueReply('Calm');
    const { h, id } = await queuedWhileOffline(ticket, html);
    await reconnect(h);
    await h.waitForState(id, 'delivered');
    expect(await commentsLike(watcher, ticket, html)).toHaveLength(1);
  });

  it('holds a reply to a ticket closed by someone else; send-anyway delivers it', async () => {
    const ticket = billingTicket('Closed meanwhile');
    const html = uniqueReply('Closed');
    const { h, id } = await queuedWhileOffline(ticket, html);
    sim.act.close(ticket, { by: ADMIN_ID });
    await reconnect(h);
    expect(h.item(id)).toMatchObject({ state: 'held', changes: ['The ticket was closed by Admin Root'], html });
    expect(await commentsLike(watcher, ticket, html)).toHaveLength(0);

    // Held stays held: another flush does not send it.
    await h.outbox.flush(h.helpdeskId);
    expect(h.item(id)?.state).toBe('held');

    const after = await h.outbox.resolve(id, 'send-anyway');
    expect(after.find((i) => i.id === id)).toBeUndefined();
    expect(h.store.outbox.get(id)?.state).toBe('delivered');
    expect(await commentsLike(watcher, ticket, html)).toHaveLength(1);
  });

  it('holds a reply when someone else took the ticket over; edit turns it back into the draft', async () => {
    const ticket = billingTicket('Taken over');
    const html = uniqueReply('Taken');
    const { h, id } = await queuedWhileOffline(ticket, html);
    const startedAt = h.store.outbox.get(id)?.draftStartedAt;
    sim.act.assign(ticket, { by: TERRY_ID });
    await reconnect(h);
    expect(h.item(id)).toMatchObject({ state: 'held', changes: ['Terry Lead took over the ticket'] });

    const after = await h.outbox.resolve(id, 'edit');
    expect(after).toEqual([]);
    const draft = h.drafts.get({ helpdeskId: h.helpdeskId, ticketNumber: ticket });
    expect(draft).toMatchObject({ html, internal: false, createdAt: startedAt });
    expect(await commentsLike(watcher, ticket, html)).toHaveLength(0);
  });

  it('holds a reply when the customer wrote again; discard removes it and its attachment', async () => {
    const ticket = billingTicket('Customer wrote again');
    const h = await createHarness(sim, proxy);
    harnesses.push(h);
    await h.open(ticket);
    h.online.value = false;
    const html = uniqueReply('Superseded');
    h.type(ticket, html);
    const withFile = await h.drafts.attach({ helpdeskId: h.helpdeskId, ticketNumber: ticket, attachment: { name: 'notes.txt', type: 'text/plain', dataBase64: Buffer.from('notes').toString('base64') } });
    const file = join(h.dir, 'attachments', withFile.attachments[0]?.id ?? '');
    const { item } = await h.outbox.send(h.helpdeskId, ticket);

    const eventId = sim.act.comment(ticket, { by: ALICE, content: '<p>Never mind, it works now.</p>' });
    const when = (await watcher.getTicket(ticket)).events.find((e) => e.id === eventId)?.date ?? new Date();
    await reconnect(h);
    expect(h.item(item.id)).toMatchObject({ state: 'held', changes: [`Alice User replied at ${time(when)}`], attachments: [{ name: 'notes.txt', size: 5 }] });
    expect(existsSync(file)).toBe(true);

    expect(await h.outbox.resolve(item.id, 'discard')).toEqual([]);
    expect(h.store.outbox.get(item.id)).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('holds a reply to my own ticket moved to a department I am not in, naming the department', async () => {
    const ticket = Number(sim.act.createTicket({ staffId: SAM_ID, title: 'Mine, then moved', content: 'details', departmentId: 2 }));
    const html = uniqueReply('Moved');
    const { h, id } = await queuedWhileOffline(ticket, html);
    sim.act.changeDepartment(ticket, { by: TERRY_ID, departmentId: 3 });
    await reconnect(h);
    expect(h.item(id)).toMatchObject({ state: 'held', changes: ['The ticket moved to Technical, which you are not in'] });
  });

  it('holds a reply to a ticket moved out of my sight; send-anyway then fails with the server’s reason', async () => {
    const ticket = billingTicket('Moved away');
    const html = uniqueReply('Out of sight');
    const { h, id } = await queuedWhileOffline(ticket, html);
    sim.act.changeDepartment(ticket, { by: TERRY_ID, departmentId: 3 });
    await reconnect(h);
    expect(h.item(id)).toMatchObject({ state: 'held', changes: [TICKET_NOT_VISIBLE] });
    const after = await h.outbox.resolve(id, 'send-anyway');
    expect(after.find((i) => i.id === id)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^The helpdesk refused this reply: You are not allowed/) });
  });

  it('lists several changes at once, and holds back a later reply to the same ticket but not to others', async () => {
    const ticket = billingTicket('Busy ticket');
    const calm = billingTicket('Calm ticket');
    const first = uniqueReply('First to busy');
    const { h, id } = await queuedWhileOffline(ticket, first);
    await h.open(calm);
    const second = uniqueReply('Second to busy');
    h.type(ticket, second);
    const later = (await h.outbox.send(h.helpdeskId, ticket)).item.id;
    const other = uniqueReply('To the calm one');
    h.type(calm, other);
    const otherId = (await h.outbox.send(h.helpdeskId, calm)).item.id;

    sim.act.comment(ticket, { by: ALICE, content: '<p>Hello?</p>' });
    sim.act.assign(ticket, { by: TERRY_ID });
    sim.act.close(ticket, { by: TERRY_ID });
    await reconnect(h);

    expect(h.item(id)?.changes).toEqual(['The ticket was closed by Terry Lead', 'Terry Lead took over the ticket', expect.stringMatching(/^Alice User replied at \d\d:\d\d$/)]);
    expect(h.item(later)).toMatchObject({ state: 'queued', lastError: 'Waiting for your earlier reply to this ticket, which needs your decision.' });
    await h.waitForState(otherId, 'delivered');

    // Once the first goes, the second is checked on its own merits (same changes: held too).
    await h.outbox.resolve(id, 'send-anyway');
    await h.waitForState(later, 'held');
    await h.outbox.resolve(later, 'send-anyway');
    const arrived = (await watcher.getTicket(ticket)).events.filter((e) => e.author?.id === SAM_ID && e.author.staff).map((e) => e.content);
    expect(arrived).toEqual([first, second]);
  });

  it('does not hold a reply sent while online: the person was looking at the ticket', async () => {
    const ticket = billingTicket('Online while it changes');
    const h = await createHarness(sim, proxy);
    harnesses.push(h);
    await h.open(ticket);
    const html = uniqueReply('Seen it');
    h.type(ticket, html);
    sim.act.comment(ticket, { by: ALICE, content: '<p>One more thing</p>' });
    expect((await h.outbox.send(h.helpdeskId, ticket)).state).toBe('delivered');
  });

  it('survives a restart while held, and the decision survives one too', async () => {
    const ticket = billingTicket('Held across restarts');
    const html = uniqueReply('Restarted');
    const { h, id } = await queuedWhileOffline(ticket, html);
    sim.act.close(ticket, { by: ADMIN_ID });
    await reconnect(h);
    expect(h.item(id)?.state).toBe('held');
    await h.restart();
    expect(h.item(id)).toMatchObject({ state: 'held', changes: ['The ticket was closed by Admin Root'] });

    // "Send anyway" chosen while offline; the app restarts before it could go: it is not held again.
    h.online.value = false;
    await h.outbox.resolve(id, 'send-anyway');
    await h.restart();
    await reconnect(h);
    await h.waitForState(id, 'delivered');
    expect(await commentsLike(watcher, ticket, html)).toHaveLength(1);
  });
});
