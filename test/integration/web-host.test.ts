import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { MemoryVault } from '../../electron/core/instances/vault';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/server';
import { connectBridge } from '../support/bridge-client';

/** The browser host admits only its own page holding this launch's secret, and only contract calls. */
let dataDir: string;
let rendererDir: string;
let core: AppCore;
let host: RunningWebHost;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-host-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'staffdesk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Staffdesk</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'index-iFNIYRsg.js'), 'export {};');
  writeFileSync(join(rendererDir, 'assets', 'notes.js'), 'export {};');
  writeFileSync(join(dataDir, 'secret.txt'), 'must not be served');
  core = await createAppCore({ dataDir, vault: new MemoryVault(), appVersion: 'test' });
  host = await startWebHost({ core: core.handlers, rendererDir });
});
afterAll(async () => {
  await host.close();
  await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

function attempt(url: string, origin: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

describe('who may connect', () => {
  const key = () => new URL(host.url).searchParams.get('key')!;
  const wsUrl = (k: string) => `ws://127.0.0.1:${host.port}/bridge?key=${encodeURIComponent(k)}`;

  it('binds loopback only and prints a URL with a long random secret', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(key().length).toBeGreaterThanOrEqual(32);
  });

  it('accepts the right secret from its own origin', async () => {
    expect(await attempt(wsUrl(key()), host.origin)).toBe('open');
  });

  it('refuses a missing, wrong or malformed secret with 401', async () => {
    expect(await attempt(`ws://127.0.0.1:${host.port}/bridge`, host.origin)).toBe(401);
    expect(await attempt(wsUrl('wrong'), host.origin)).toBe(401);
    expect(await attempt(wsUrl(`${key()}x`), host.origin)).toBe(401);
    expect(await attempt(wsUrl('%00%ff'), host.origin)).toBe(401);
  });

  it('refuses another origin with 403, even with the secret', async () => {
    expect(await attempt(wsUrl(key()), 'http://evil.example')).toBe(403);
    expect(await attempt(wsUrl(key()), 'null')).toBe(403);
  });

  it('serves the renderer with the CSP header and nothing outside its folder', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const escape = await fetch(`${host.origin}/..%2f${dataDir.split('/').pop()}/secret.txt`);
    expect(escape.status).not.toBe(200);
  });

  it('lets the browser keep content-hashed assets, never the page that names them', async () => {
    const hashed = await fetch(`${host.origin}/assets/index-iFNIYRsg.js`);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${host.origin}/`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${host.origin}/assets/notes.js`)).headers.get('cache-control')).toBe('no-store');
  });
});

describe('what may be called', () => {
  it('refuses calls outside the contract, malformed messages and wrong argument types, changing nothing', async () => {
    const bridge = await connectBridge(host.url);
    const unknown = await bridge.call('helpdesks:wipe' as 'helpdesks:list');
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const wrong = await bridge.call('helpdesks:rename', { id: 7, label: ['x'] });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const proto = await bridge.call('__proto__' as 'helpdesks:list');
    expect(proto.ok).toBe(false);
    const list = await bridge.call('helpdesks:list');
    expect(list).toEqual({ ok: true, value: [] });
    bridge.close();
  });

  it('answers garbage on the socket with an error, not a crash', async () => {
    const url = new URL(host.url);
    const ws = new WebSocket(`ws://${url.host}/bridge?key=${url.searchParams.get('key')}`, { origin: host.origin });
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<string>((r) => ws.once('message', (m) => r(m.toString())));
    ws.send('{not json');
    expect(JSON.parse(await reply)).toMatchObject({ t: 'result', id: null, result: { ok: false, error: { kind: 'invalid-input' } } });
    ws.close();
    expect((await connectBridge(host.url).then((b) => b.call('helpdesks:list'))).ok).toBe(true);
  });
});
