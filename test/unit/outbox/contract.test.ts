import { describe, expect, it } from 'vitest';
import type { BridgeResult, DraftView, MethodName, MethodResults, OutboxItemView } from '../../../electron/contract';
import { createDispatcher, type ServiceMethods } from '../../../electron/core/dispatch';
import { createDrafts } from '../../../electron/core/drafts';
import { CoreEvents } from '../../../electron/core/events';
import { createOutbox, draftAndOutboxMethods } from '../../../electron/core/outbox';
import { helpdeskInput, useStores, useTempDirs } from '../store/helpers';

/**
 * The drafts and outbox methods behind the real dispatcher: the contract's validation in front,
 * BridgeResults and events out. The helpdesk is offline, so nothing touches the network.
 */
const tempDir = useTempDirs();
const openStore = useStores();

function setup() {
  const dir = tempDir();
  const store = openStore(dir);
  const h = store.helpdesks.insert(helpdeskInput({ label: 'Acme' }));
  const events = new CoreEvents();
  const seen: { event: string; size: number }[] = [];
  events.subscribe((event, payload) => seen.push({ event, size: Array.isArray(payload) ? payload.length : -1 }));
  const drafts = createDrafts({ store, dataDir: dir, onChanged: (list) => events.emit('drafts:changed', list) });
  const outbox = createOutbox({
    store,
    drafts,
    clientOf: () => {
      throw new Error('no network in this test');
    },
    isOnline: () => false,
    onChanged: (items) => events.emit('outbox:changed', items),
  });
  // Only the methods under test exist; the dispatcher never reaches the others here.
  const service = draftAndOutboxMethods({ drafts, outbox }) as unknown as ServiceMethods;
  const handlers = createDispatcher(service, events);
  const call = <M extends MethodName>(method: M, ...args: unknown[]): Promise<BridgeResult<MethodResults[M]>> => handlers.invoke(method, args);
  return { call, seen, ref: { helpdeskId: h.id, ticketNumber: 123456 } };
}

function ok<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('drafts and outbox over the contract', () => {
  it('saves, lists, attaches, detaches and discards a draft, with events when the list changes', async () => {
    const { call, seen, ref } = setup();
    const saved: DraftView = ok(await call('draft:save', { ...ref, html: '<p>Hi</p>', internal: false }));
    expect(saved).toMatchObject({ helpdeskLabel: 'Acme', html: '<p>Hi</p>', customResponseId: null });
    const attached = ok(await call('draft:attach', { ...ref, attachment: { name: 'a.txt', dataBase64: Buffer.from('abc').toString('base64') } }));
    expect(attached.attachments).toMatchObject([{ name: 'a.txt', type: 'application/octet-stream', size: 3 }]);
    expect(ok(await call('drafts:list')).map((d) => d.ticketNumber)).toEqual([123456]);
    expect(ok(await call('draft:get', ref))?.attachments).toHaveLength(1);
    ok(await call('draft:detach', { ...ref, attachmentId: attached.attachments[0]?.id }));
    expect(ok(await call('draft:discard', ref))).toEqual({ discarded: true });
    expect(ok(await call('draft:get', ref))).toBeNull();
    expect(seen.filter((e) => e.event === 'drafts:changed').map((e) => e.size)).toEqual([1, 1, 1, 0]);
  });

  it('queues a reply while offline and resolves it, telling the outbox list each time', async () => {
    const { call, seen, ref } = setup();
    ok(await call('draft:save', { ...ref, html: '<p>Queued</p>', internal: true, customResponseId: 2 }));
    const sent = ok(await call('reply:send', ref));
    expect(sent).toMatchObject({ state: 'queued', ticket: null, item: { internal: true, html: '<p>Queued</p>', state: 'queued', changes: [], lastError: null } });
    const list: OutboxItemView[] = ok(await call('outbox:list'));
    expect(list.map((i) => i.id)).toEqual([sent.item.id]);
    expect(ok(await call('outbox:resolve', { id: sent.item.id, action: 'edit' }))).toEqual([]);
    expect(ok(await call('draft:get', ref))).toMatchObject({ html: '<p>Queued</p>', internal: true, customResponseId: 2 });
    expect(seen.filter((e) => e.event === 'outbox:changed').map((e) => e.size)).toEqual([1, 0]);
  });

  it('answers bad input and missing things with kinds and sentences', async () => {
    const { call, ref } = setup();
    expect(await call('draft:detach', { ...ref, attachmentId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await call('reply:send', ref)).toMatchObject({ ok: false, error: { kind: 'not-found', message: 'There is no saved reply on this ticket to send.' } });
    expect(await call('outbox:resolve', { id: 99, action: 'discard' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await call('draft:attach', { ...ref, attachment: { name: 'x', dataBase64: '***' } })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
