// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { BRIDGE_KEY } from '../../../renderer/src/bridge';
import { SELECTED_KEY, useHelpdesksStore } from '../../../renderer/src/stores/helpdesks';
import { FakeHost, fail, helpdesk } from './fake-host.mts';

function storeFor(host: FakeHost) {
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia).provide(BRIDGE_KEY, host.bridge);
  setActivePinia(pinia);
  return useHelpdesksStore();
}

beforeEach(() => localStorage.clear());

describe('helpdesks store', () => {
  it('loads the list and app info at start, selecting the first helpdesk', async () => {
    const a = helpdesk();
    const b = helpdesk();
    const host = new FakeHost([a, b]);
    host.info.storeNotice = 'The local database was damaged and set aside.';
    const store = storeFor(host);
    await store.start();
    expect(store.helpdesks.map((h) => h.id)).toEqual([a.id, b.id]);
    expect(store.selectedId).toBe(a.id);
    expect(store.notices).toEqual([{ kind: 'store', text: 'The local database was damaged and set aside.' }]);
    expect(localStorage.getItem(SELECTED_KEY)).toBe(a.id);
  });

  it('remembers the selection by id only, and forgets an id that no longer exists', async () => {
    const a = helpdesk();
    const b = helpdesk();
    localStorage.setItem(SELECTED_KEY, b.id);
    const store = storeFor(new FakeHost([a, b]));
    await store.start();
    expect(store.selected?.id).toBe(b.id);
    store.select(a.id);
    expect(localStorage.getItem(SELECTED_KEY)).toBe(a.id);

    localStorage.setItem(SELECTED_KEY, 'gone');
    const again = storeFor(new FakeHost([a, b]));
    await again.start();
    expect(again.selectedId).toBe(a.id);
  });

  it('follows helpdesks:changed, moving the selection when its helpdesk disappears', async () => {
    const a = helpdesk();
    const b = helpdesk();
    const host = new FakeHost([a, b]);
    const store = storeFor(host);
    await store.start();
    store.select(b.id);
    host.emitChanged([{ ...a, unread: 4 }]);
    expect(store.helpdesks[0]?.unread).toBe(4);
    expect(store.selectedId).toBe(a.id);
    store.stop();
    host.emitChanged([]);
    expect(store.helpdesks).toHaveLength(1);
  });

  it('shows the add screen when there is nothing, or when asked', async () => {
    const host = new FakeHost([]);
    const store = storeFor(host);
    expect(store.showAdd).toBe(false);
    await store.start();
    expect(store.showAdd).toBe(true);
    const added = await store.add({ url: 'https://help.acme.test', email: 'jane@acme.test', password: 'pw', remember: true });
    expect(store.selectedId).toBe(added.id);
    expect(store.showAdd).toBe(false);
    store.openAdd();
    expect(store.showAdd).toBe(true);
    store.select(added.id);
    expect(store.showAdd).toBe(false);
  });

  it('removing the selected helpdesk selects its neighbour', async () => {
    const [a, b, c] = [helpdesk(), helpdesk(), helpdesk()];
    const host = new FakeHost([a, b, c]);
    const store = storeFor(host);
    await store.start();
    store.select(c.id);
    await store.remove(c.id);
    expect(store.selectedId).toBe(b.id);
    await store.remove(a.id);
    expect(store.selectedId).toBe(b.id);
    expect(host.fn['helpdesks:remove']).toHaveBeenCalledWith({ id: a.id });
  });

  it('applies what each action returns at once, without waiting for the event', async () => {
    const a = helpdesk({ state: 'signed-out', user: null });
    const host = new FakeHost([a]);
    const store = storeFor(host);
    await store.start();
    await store.signIn(a.id, { email: 'jane@acme.test', password: 'pw', remember: false });
    expect(host.fn['helpdesks:signIn']).toHaveBeenCalledWith({ id: a.id, email: 'jane@acme.test', password: 'pw', remember: false });
    expect(store.selected?.state).toBe('online');
    await store.rename(a.id, 'Acme');
    expect(store.selected?.label).toBe('Acme');
    await store.signOut(a.id);
    expect(store.selected?.state).toBe('signed-out');
  });

  it('keeps a failed list as an error to show, and lets it be retried', async () => {
    const host = new FakeHost([helpdesk()]);
    host.fn['helpdesks:list'].mockRejectedValueOnce(fail('internal', 'boom'));
    const store = storeFor(host);
    await store.start();
    expect(store.loaded).toBe(false);
    expect(store.loadError).toBeTruthy();
    await store.loadList();
    expect(store.loaded).toBe(true);
    expect(store.loadError).toBeNull();
  });

  it('lets notices be dismissed', async () => {
    const host = new FakeHost([]);
    host.info.keychainProblem = 'No Secret Service is running.';
    const store = storeFor(host);
    await store.start();
    expect(store.notices.map((n) => n.kind)).toEqual(['keychain']);
    store.dismissNotice('keychain');
    expect(store.notices).toEqual([]);
  });
});
