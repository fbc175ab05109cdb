import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appResponse, isAppUrl } from '../../../electron/main/app-protocol';

/** What the window's app: scheme answers, against a renderer folder on disk. */
let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'staffdesk-app-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Staffdesk</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-iFNIYRsg.js'), 'export {};');
  writeFileSync(join(root, 'secret.txt'), 'must not be served');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the app: scheme', () => {
  it('serves the page with the CSP, never cached, and hashed assets as immutable', async () => {
    const page = await appResponse(rendererDir, 'app://staffdesk/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Staffdesk</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const script = await appResponse(rendererDir, 'app://staffdesk/assets/index-iFNIYRsg.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 outside the renderer folder, for another host, for missing files and for garbage', async () => {
    for (const url of [
      'app://staffdesk/../secret.txt',
      'app://staffdesk/%2e%2e/secret.txt',
      'app://staffdesk/..%2fsecret.txt',
      'app://other/index.html',
      'app://staffdesk/missing.js',
      'app://staffdesk/%E0%A4%A',
      'not a url',
    ]) {
      const response = await appResponse(rendererDir, url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('must not be served');
    }
  });

  it('trusts only its own origin as the app', () => {
    expect(isAppUrl('app://staffdesk/index.html')).toBe(true);
    expect(isAppUrl('app://staffdesk.evil/index.html')).toBe(false);
    expect(isAppUrl('file:///opt/staffdesk/resources/app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://help.example.com/')).toBe(false);
  });
});
