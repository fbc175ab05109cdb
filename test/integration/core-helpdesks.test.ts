import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, type RunningSim } from '../../sim';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { openVault, type CredentialVault } from '../../electron/core/instances/vault';
import type { BridgeResult, HelpdeskView, MethodName, MethodResults } from '../../electron/contract';
import { account } from '../support/sim';

/**
 * The core under Node against two simulators, with the real keychain of this D-Bus session:
 * add, list, rename, sign out, remove, restore after restart, and refusals that change nothing.
 */
let simA: RunningSim;
let simB: RunningSim;
let vault: CredentialVault;
const cores: AppCore[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  [simA, simB] = await Promise.all([startSim({ seed: 'recorded' }), startSim({ seed: 'recorded' })]);
  vault = await openVault();
});
afterAll(async () => {
  await Promise.all([simA.close(), simB.close()]);
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function newCore(dataDir?: string): Promise<{ core: AppCore; dataDir: string; call: <M extends MethodName>(m: M, ...args: unknown[]) => Promise<BridgeResult<MethodResults[M]>> }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'staffdesk-core-'));
  if (!dataDir) dirs.push(dir);
  const core = await createAppCore({ dataDir: dir, vault, appVersion: 'test', timeoutMs: 5000 });
  cores.push(core);
  return { core, dataDir: dir, call: (method, ...args) => core.handlers.invoke(method, args) };
}

function ok<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

const admin = (sim: RunningSim) => ({ email: 'admin@example.test', password: account(sim, 'admin@example.test').password });

describe('adding helpdesks', () => {
  it('probes, signs in, stores the remember token in the keychain, and lists the helpdesk', async () => {
    const { call } = await newCore();
    const view = ok(await call('helpdesks:add', { url: simA.origin, ...admin(simA) }));
    expect(view).toMatchObject({ label: 'Support Center', apiRoot: simA.apiRoot, state: 'online', credentialPersistence: 'keychain' });
    expect(view.user).toEqual({ name: 'Admin Root', email: 'admin@example.test', level: 3 });
    expect(await vault.get(view.id)).toMatch(/"token":"[0-9a-f]{40}"/);
    expect(ok(await call('helpdesks:list')).map((h) => h.id)).toEqual([view.id]);
  });

  it('keeps several helpdesks independent, in the order they were added', async () => {
    const { call } = await newCore();
    const a = ok(await call('helpdesks:add', { url: simA.apiRoot, label: 'Acme', ...admin(simA) }));
    const b = ok(await call('helpdesks:add', { url: simB.apiRoot, label: 'Globex', ...admin(simB) }));
    expect(ok(await call('helpdesks:list')).map((h) => h.label)).toEqual(['Acme', 'Globex']);
    ok(await call('helpdesks:rename', { id: b.id, label: 'Globex Support' }));
    ok(await call('helpdesks:signOut', { id: a.id }));
    const list = ok(await call('helpdesks:list'));
    expect(list.map((h) => [h.label, h.state])).toEqual([
      ['Acme', 'signed-out'],
      ['Globex Support', 'online'],
    ]);
    expect(await vault.get(a.id)).toBeNull();
    expect(await vault.get(b.id)).not.toBeNull();
  });

  it('refuses a wrong password, a customer account, a site that is not OpenSupports, and a duplicate, adding nothing', async () => {
    const { call } = await newCore();
    const wrong = await call('helpdesks:add', { url: simA.apiRoot, email: 'admin@example.test', password: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'api', code: 'INVALID_CREDENTIALS' } });
    const customer = await call('helpdesks:add', { url: simA.apiRoot, email: 'alice@example.test', password: account(simA, 'alice@example.test').password });
    expect(customer).toMatchObject({ ok: false, error: { kind: 'api', code: 'CUSTOMER_ACCOUNT' } });
    const notOs = await call('helpdesks:add', { url: `${simA.origin}/nothing`, ...admin(simA) });
    expect(notOs).toMatchObject({ ok: false, error: { kind: 'protocol' } });
    const badUrl = await call('helpdesks:add', { url: 'ftp://example.com', ...admin(simA) });
    expect(badUrl.ok).toBe(false);
    expect(ok(await call('helpdesks:list'))).toEqual([]);
    ok(await call('helpdesks:add', { url: simA.apiRoot, ...admin(simA) }));
    const duplicate = await call('helpdesks:add', { url: simA.origin, ...admin(simA) });
    expect(duplicate).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(ok(await call('helpdesks:list'))).toHaveLength(1);
  });

  it('signing in without "remember me" keeps nothing in the keychain', async () => {
    const { call } = await newCore();
    const view = ok(await call('helpdesks:add', { url: simA.apiRoot, ...admin(simA), remember: false }));
    expect(view.credentialPersistence).toBe('none');
    expect(await vault.get(view.id)).toBeNull();
  });
});

describe('restoring after a restart', () => {
  it('restores every helpdesk from the keychain without a password, rotating the token', async () => {
    const first = await newCore();
    const a = ok(await first.call('helpdesks:add', { url: simA.apiRoot, ...admin(simA) }));
    const b = ok(await first.call('helpdesks:add', { url: simB.apiRoot, ...admin(simB) }));
    const tokenBefore = await vault.get(a.id);
    await first.core.stop();
    const second = await newCore(first.dataDir);
    const listed = ok(await second.call('helpdesks:list'));
    expect(listed.map((h) => h.state)).toEqual(['signed-out', 'signed-out']);
    await second.core.start();
    const restored = ok(await second.call('helpdesks:list'));
    expect(restored.map((h) => [h.id, h.state])).toEqual([
      [a.id, 'online'],
      [b.id, 'online'],
    ]);
    expect(await vault.get(a.id)).not.toBe(tokenBefore);
  });

  it('asks for the password again when the saved token was revoked, while the others keep working', async () => {
    const first = await newCore();
    const a = ok(await first.call('helpdesks:add', { url: simA.apiRoot, ...admin(simA) }));
    const b = ok(await first.call('helpdesks:add', { url: simB.apiRoot, ...admin(simB) }));
    await first.core.stop();
    // Someone spends helpdesk A's single-use token elsewhere.
    const stored = JSON.parse((await vault.get(a.id))!) as { userId: string; token: string };
    const res = await fetch(`${simA.apiRoot}/user/login`, { method: 'POST', body: new URLSearchParams({ userId: stored.userId, rememberToken: stored.token, staff: '1' }) });
    expect(((await res.json()) as { status: string }).status).toBe('success');
    const second = await newCore(first.dataDir);
    await second.core.start();
    const [viewA, viewB] = ok(await second.call('helpdesks:list')) as [HelpdeskView, HelpdeskView];
    expect(viewA.state).toBe('signed-out');
    expect(viewA.stateMessage).toMatch(/Sign in again/);
    expect(viewB.state).toBe('online');
    expect(await vault.get(a.id)).toBeNull();
    const again = ok(await second.call('helpdesks:signIn', { id: a.id, ...admin(simA) }));
    expect(again.state).toBe('online');
    expect(b.id).toBe(viewB.id);
  });

  it('marks a helpdesk that cannot be reached as offline and keeps its token for later', async () => {
    const temporary = await startSim({ seed: 'recorded' });
    const first = await newCore();
    const view = ok(await first.call('helpdesks:add', { url: temporary.apiRoot, ...admin(temporary) }));
    await first.core.stop();
    await temporary.close();
    const second = await newCore(first.dataDir);
    await second.core.start();
    const [offline] = ok(await second.call('helpdesks:list'));
    expect(offline!.state).toBe('offline');
    expect(offline!.stateMessage).toMatch(/refused the connection/);
    expect(await vault.get(view.id)).not.toBeNull();
  });
});

describe('removing', () => {
  it('deletes the keychain entry and every stored row', async () => {
    const { call, core, dataDir } = await newCore();
    const view = ok(await call('helpdesks:add', { url: simA.apiRoot, ...admin(simA) }));
    expect(ok(await call('helpdesks:remove', { id: view.id }))).toEqual({ removed: view.id });
    expect(await vault.get(view.id)).toBeNull();
    expect(ok(await call('helpdesks:list'))).toEqual([]);
    await core.stop();
    const reopened = await newCore(dataDir);
    expect(ok(await reopened.call('helpdesks:list'))).toEqual([]);
  });
});

describe('bad input from the renderer changes nothing', () => {
  it('refuses unknown methods, wrong types and extra fields', async () => {
    const { core, call } = await newCore();
    const unknown = await core.handlers.invoke('helpdesks:drop' as MethodName, []);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const wrongType = await call('helpdesks:add', { url: 42, email: 'a@b.c', password: 'x' });
    expect(wrongType).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const extra = await call('helpdesks:rename', { id: '00000000-0000-4000-8000-000000000000', label: 'x', sql: 'drop' });
    expect(extra).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const notUuid = await call('helpdesks:remove', { id: '../../etc/passwd' });
    expect(notUuid).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const missing = await call('helpdesks:remove', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(ok(await call('helpdesks:list'))).toEqual([]);
  });
});
