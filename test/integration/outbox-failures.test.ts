import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenSupportsClient } from '../../electron/core/opensupports';
import { startSim, type RunningSim } from '../../sim';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { commentsLike, createHarness, observer, TERRY_ID, uniqueReply, type Harness } from './outbox-harness';

/** Replies the helpdesk refuses for good, and attachments. */
let sim: RunningSim;
let proxy: FaultProxy;
let watcher: OpenSupportsClient;
const harnesses: Harness[] = [];

const TICKET = 196568; // Help and Support (Sam is in it)
const TECHNICAL = 771467; // Technical (Sam is not)

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

const attachmentFiles = (h: Harness): string[] => {
  try {
    return readdirSync(join(h.dir, 'attachments'));
  } catch {
    return [];
  }
};
const commentPosts = () => proxy.forwarded.filter((p) => p.endsWith('/ticket/comment')).length;

describe('permanent failures', () => {
  it('fails a reply the server finds too long, keeps its text, and lets the person edit and resend it', async () => {
    const h = await harness();
    const long = `<p>${'x'.repeat(10_001)}</p>`;
    h.type(TICKET, long);
    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result).toMatchObject({ state: 'failed', item: { html: long, lastError: 'The helpdesk refused this reply: The message is empty or longer than 10,000 bytes.' } });

    // Retry sends it again (after checking it did not arrive), and the server refuses again.
    await h.outbox.resolve(result.item.id, 'retry');
    expect(h.item(result.item.id)?.state).toBe('failed');

    await h.outbox.resolve(result.item.id, 'edit');
    const draft = h.drafts.get({ helpdeskId: h.helpdeskId, ticketNumber: TICKET });
    expect(draft?.html).toBe(long);
    const short = uniqueReply('Shortened');
    h.type(TICKET, short);
    expect((await h.outbox.send(h.helpdeskId, TICKET)).state).toBe('delivered');
  });

  it('fails a reply to a ticket that does not exist', async () => {
    const h = await harness();
    h.type(999_999, '<p>Hello?</p>');
    const result = await h.outbox.send(h.helpdeskId, 999_999);
    expect(result).toMatchObject({ state: 'failed', item: { lastError: expect.stringMatching(/does not exist/) } });
  });

  it('fails a reply outside my departments (NO_PERMISSION after the session check), and retry delivers once it is allowed', async () => {
    const h = await harness();
    const html = uniqueReply('Not my department');
    h.type(TECHNICAL, html);
    const result = await h.outbox.send(h.helpdeskId, TECHNICAL);
    expect(result.state).toBe('failed');
    expect(result.item.lastError).toMatch(/^The helpdesk refused this reply: You are not allowed/);
    expect(h.outbox.list()).toHaveLength(1);

    // Terry moves it into Billing, where Sam works; a retry now goes through.
    sim.act.changeDepartment(TECHNICAL, { by: TERRY_ID, departmentId: 2 });
    await h.outbox.resolve(result.item.id, 'retry');
    await h.waitForState(result.item.id, 'delivered');
    expect(await commentsLike(watcher, TECHNICAL, html)).toHaveLength(1);
  });

  it('refuses to resolve what is not there, and an action that does not apply', async () => {
    const h = await harness();
    await expect(h.outbox.resolve(424242, 'discard')).rejects.toMatchObject({ kind: 'not-found' });
    h.online.value = false;
    h.type(TICKET, uniqueReply('Queued'));
    const { item } = await h.outbox.send(h.helpdeskId, TICKET);
    // A draft begun since blocks "edit": it must not be overwritten.
    h.type(TICKET, uniqueReply('Newer draft'));
    await expect(h.outbox.resolve(item.id, 'edit')).rejects.toMatchObject({ kind: 'conflict' });
    expect(h.item(item.id)?.state).toBe('queued');
  });
});

describe('attachments', () => {
  it('sends the attachment with the reply and removes its file after delivery', async () => {
    const h = await harness();
    const html = uniqueReply('With a log');
    h.type(TICKET, html);
    const bytes = Buffer.from('2026-03-03 14:02 printer caught fire\n');
    await h.drafts.attach({ helpdeskId: h.helpdeskId, ticketNumber: TICKET, attachment: { name: 'Printer Log.txt', type: 'text/plain', dataBase64: bytes.toString('base64') } });
    expect(attachmentFiles(h)).toHaveLength(1);

    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result.state).toBe('delivered');
    expect(result.item.attachments).toMatchObject([{ name: 'Printer Log.txt', size: bytes.length }]);
    const [comment] = await commentsLike(watcher, TICKET, html);
    expect(comment?.file).toMatch(/^t196568_[0-9a-f]{40}_printer_log\.txt$/);
    const download = await watcher.download(comment?.file ?? '');
    expect(Buffer.from(download.bytes).equals(bytes)).toBe(true);
    expect(attachmentFiles(h)).toEqual([]);
  });

  it('refuses a file over the helpdesk’s limit before sending, naming both sizes, and keeps everything', async () => {
    const h = await harness();
    const html = uniqueReply('Too big');
    h.type(TICKET, html);
    const big = Buffer.alloc(1536 * 1024, 'a');
    await h.drafts.attach({ helpdeskId: h.helpdeskId, ticketNumber: TICKET, attachment: { name: 'big.txt', type: 'text/plain', dataBase64: big.toString('base64') } });
    const posts = commentPosts();
    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result).toMatchObject({ state: 'failed', item: { html, lastError: '“big.txt” is 1.5 MB, but this helpdesk accepts attachments of at most 1 MB.' } });
    expect(commentPosts()).toBe(posts);
    expect(attachmentFiles(h)).toHaveLength(1);

    // Edit, drop the file, send: delivered, and the big file is gone from the data folder.
    await h.outbox.resolve(result.item.id, 'edit');
    const draft = h.drafts.get({ helpdeskId: h.helpdeskId, ticketNumber: TICKET });
    await h.drafts.detach({ helpdeskId: h.helpdeskId, ticketNumber: TICKET, attachmentId: draft?.attachments[0]?.id ?? '' });
    expect((await h.outbox.send(h.helpdeskId, TICKET)).state).toBe('delivered');
    expect(attachmentFiles(h)).toEqual([]);
  });

  it('sends a queued attachment once after a lost answer, recognising the comment by its file too', async () => {
    const h = await harness();
    const html = uniqueReply('Attachment, answer lost');
    h.type(TICKET, html);
    await h.drafts.attach({ helpdeskId: h.helpdeskId, ticketNumber: TICKET, attachment: { name: 'a.txt', type: 'text/plain', dataBase64: Buffer.from('abc').toString('base64') } });
    await proxy.set('commit-then-drop', { match: '/ticket/comment', times: 1 });
    const result = await h.outbox.send(h.helpdeskId, TICKET);
    expect(result.state).toBe('queued');
    expect(attachmentFiles(h)).toHaveLength(1);
    await h.waitForState(result.item.id, 'delivered');
    const comments = await commentsLike(watcher, TICKET, html);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.file).not.toBeNull();
    expect(attachmentFiles(h)).toEqual([]);
  });
});
