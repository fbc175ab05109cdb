import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenSupportsClient } from '../../electron/core/opensupports';
import { startSim, type RunningSim } from '../../sim';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { account } from '../support/sim';
import { commentsLike, createHarness, observer, SAM, uniqueReply, type Harness } from './outbox-harness';

/**
 * Delivery through the outbox: at once when online, queued when not, in order, and exactly once
 * whatever the network does to the request or its answer.
 */
let sim: RunningSim;
let proxy: FaultProxy;
let watcher: OpenSupportsClient;
const harnesses: Harness[] = [];

const TICKET = 196568; // Help and Support, a department Sam is in
const OTHER = 363100; // also Help and Support

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

async function harness(): Promise<Harness> {
  const h = await createHarness(sim, proxy);
  harnesses.push(h);
  return h;
}

const commentPosts = () => proxy.forwarded.filter((p) => p.endsWith('/ticket/comment')).length;

describe('sending online', () => {
  it('delivers once, keeping the text in the store until the server has confirmed it', async () => {
    const h = await harness();
    await h.open(TICKET);
    const html = uniqueReply('Online');
    h.type(TICKET, html);

    let inFlight: { draft: unknown; state: string | undefined; html: string | undefined } | null = null;
    h.beforeFetch.hook = (path) => {
      if (!path.endsWith('/ticket/comment')) return;
      const [entry] = h.store.outbox.list();
      inFlight = { draft: h.store.drafts.get(h.helpdeskId, TICKET), state: entry?.state, html: entry?.content };
    };
    const result = await h.outbox.send(h.helpdeskId, TICKET);

    // While the request was on its way the text was durable, marked as possibly arriving.
    expect(inFlight).toEqual({ draft: null, state: 'sending', html });
    expect(result.state).toBe('delivered');
    expect(result.item).toMatchObject({ state: 'delivered', html, ticketNumber: TICKET, helpdeskLabel: 'Sim', lastError: null });
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
    expect(h.drafts.get({ helpdeskId: h.helpdeskId, ticketNumber: TICKET })).toBeNull();
    expect(h.outbox.list()).toEqual([]);
    expect(h.delivered).toEqual([TICKET]);
  });

  it('sends an internal note as private', async () => {
    const h = await harness();
    const html = uniqueReply('Internal');
    h.type(TICKET, html, true);
    expect((await h.outbox.send(h.helpdeskId, TICKET)).state).toBe('delivered');
    const [note] = await commentsLike(watcher, TICKET, html);
    expect(note?.private).toBe(true);
  });

  it('refuses to send a reply with no text, and one that was never saved', async () => {
    const h = await harness();
    await h.drafts.attach({ helpdeskId: h.helpdeskId, ticketNumber: TICKET, attachment: { name: 'a.txt', dataBase64: Buffer.from('a').toString('base64') } });
    await expect(h.outbox.send(h.helpdeskId, TICKET)).rejects.toMatchObject({ kind: 'invalid-input' });
    expect(h.drafts.get({ helpdeskId: h.helpdeskId, ticketNumber: TICKET })?.attachments).toHaveLength(1);
    await expect(h.outbox.send(h.helpdeskId, OTHER)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('offline', () => {
  it('queues while the helpdesk refuses connections, survives a restart, and delivers in order once healed', async () => {
    const h = await harness();
    await h.open(TICKET);
    await proxy.set('refuse');
    const replies = [uniqueReply('First'), uniqueReply('Second'), uniqueReply('Third')];
    for (const html of replies) {
      h.type(TICKET, html);
      expect((await h.outbox.send(h.helpdeskId, TICKET)).state).toBe('queued');
    }
    // The lane tries the oldest first; the later ones wait behind it.
    expect(h.outbox.list()[0]?.lastError).toMatch(/refused the connection|cut off/);
    await h.restart();
    expect(h.outbox.list().map((i) => [i.state, i.html])).toEqual(replies.map((html) => ['queued', html]));

    await proxy.heal();
    h.outbox.onConnectivity(h.helpdeskId, 'online');
    const ids = h.store.outbox.list().map((e) => e.id);
    for (const id of ids) await h.waitForState(id, 'delivered');

    const ticket = await watcher.getTicket(TICKET);
    const mine = ticket.events.filter((e) => replies.some((r) => (e.content ?? '').includes(r.slice(3, 30))));
    expect(mine.map((e) => e.content)).toEqual(replies);
    for (const html of replies) expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
  });

  it('keeps a reply queued without trying while the app knows it is offline', async () => {
    const h = await harness();
    h.online.value = false;
    h.type(OTHER, uniqueReply('Offline'));
    const before = proxy.forwarded.length;
    const result = await h.outbox.send(h.helpdeskId, OTHER);
    expect(result).toMatchObject({ state: 'queued', item: { lastError: null }, ticket: null });
    expect(proxy.forwarded.length).toBe(before);
    h.online.value = true;
    h.outbox.onConnectivity(h.helpdeskId, 'online');
    await h.waitForState(result.item.id, 'delivered');
  });

  it('waits while signed out and goes out after the next sign-in', async () => {
    const h = await harness();
    await h.client.logout();
    const html = uniqueReply('Signed out');
    h.type(OTHER, html);
    const result = await h.outbox.send(h.helpdeskId, OTHER);
    expect(result.state).toBe('queued');
    expect(result.item.lastError).toMatch(/not signed in.*once you are signed in again/);
    await h.client.login({ email: SAM, password: account(sim, SAM).password, remember: false });
    h.outbox.onConnectivity(h.helpdeskId, 'online');
    await h.waitForState(result.item.id, 'delivered');
    expect(await commentsLike(watcher, OTHER, html)).toHaveLength(1);
  });
});

describe('exactly once', () => {
  it.each([
    ['a hang past the client timeout', 'hang'],
    ['a connection reset before the server saw the request', 'reset-before'],
    ['a 500 page', 'status-500'],
    ['an HTML error page', 'html'],
  ] as const)('after %s: checks the ticket, then sends once', async (_label, fault) => {
    const h = await harness();
    const html = uniqueReply(`Fault ${fault}`);
    h.type(TICKET, html);
    await proxy.set(fault, { match: '/ticket/comment', times: 1 });
    const postsBefore = commentPosts();
    const forwardedBefore = proxy.forwarded.length;
    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result.state).toBe('queued');
    expect(result.item.lastError).toMatch(/may have arrived|can be reached/);

    await h.waitForState(result.item.id, 'delivered');
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
    // The failed attempt never reached the server; the retry did, after reading the ticket.
    expect(commentPosts() - postsBefore).toBe(1);
    const calls = proxy.forwarded.slice(forwardedBefore).map((p) => p.replace(/^\/api/, ''));
    expect(calls.indexOf('/ticket/get')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('/ticket/get')).toBeLessThan(calls.indexOf('/ticket/comment'));
  });

  it('after the server stored the comment but the answer was lost: finds it and does not send again', async () => {
    const h = await harness();
    const html = uniqueReply('Commit then drop');
    h.type(TICKET, html);
    await proxy.set('commit-then-drop', { match: '/ticket/comment', times: 1 });
    const postsBefore = commentPosts();
    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result.state).toBe('queued');
    await h.waitForState(result.item.id, 'delivered');
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
    expect(commentPosts() - postsBefore).toBe(1);
    expect(h.delivered).toEqual([TICKET]);
  });

  it('tells two identical replies apart: the second is sent even though the first matches its text', async () => {
    const h = await harness();
    const html = uniqueReply('Thanks!');
    h.type(TICKET, html);
    expect((await h.outbox.send(h.helpdeskId, TICKET)).state).toBe('delivered');
    h.type(TICKET, html);
    await proxy.set('reset-before', { match: '/ticket/comment', times: 1 });
    const second = await h.outbox.send(h.helpdeskId, TICKET);
    await h.waitForState(second.item.id, 'delivered');
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(2);
  });

  it('after a crash mid-request that reached the server: marks it delivered on restart without sending', async () => {
    const h = await harness();
    const html = uniqueReply('Crash after arrival');
    h.online.value = false;
    h.type(TICKET, html);
    const { item } = await h.outbox.send(h.helpdeskId, TICKET);
    // As the dead process left it: claimed (sending), and the request did arrive.
    h.store.outbox.claim(item.id);
    await h.client.comment({ ticketNumber: TICKET, content: html });
    h.online.value = true;
    const postsBefore = commentPosts();
    await h.restart();
    await h.waitForState(item.id, 'delivered');
    expect(commentPosts()).toBe(postsBefore);
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
  });

  it('after a crash mid-request that never arrived: sends it once on restart', async () => {
    const h = await harness();
    const html = uniqueReply('Crash before arrival');
    h.online.value = false;
    h.type(TICKET, html);
    const { item } = await h.outbox.send(h.helpdeskId, TICKET);
    h.store.outbox.claim(item.id);
    h.online.value = true;
    await h.restart();
    await h.waitForState(item.id, 'delivered');
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
  });

  it('stops cleanly in the middle of a request and checks before sending after the next start', async () => {
    const h = await harness();
    const html = uniqueReply('Stopped mid-request');
    h.type(TICKET, html);
    await proxy.set('hang', { match: '/ticket/comment', times: 1 });
    const sending = h.outbox.send(h.helpdeskId, TICKET);
    await new Promise((r) => setTimeout(r, 200));
    await h.outbox.stop();
    const result = await sending;
    expect(result.state).toBe('queued');
    await h.restart();
    await h.waitForState(result.item.id, 'delivered');
    expect(await commentsLike(watcher, TICKET, html)).toHaveLength(1);
  });
});
