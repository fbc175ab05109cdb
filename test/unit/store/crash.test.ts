import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core/store';
import { useStores, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const openStore = useStores();

const CHILD = fileURLToPath(new URL('./fixtures/write-draft-and-wait.ts', import.meta.url));

/** Runs the child until it reports a committed write, then kills it with SIGKILL (no cleanup runs). */
function writeThenKill(dir: string, content: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, content], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child never reported a commit; stderr: ${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('committed\n')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, stderr });
    });
  });
}

describe('durability', () => {
  it('a draft committed just before the process is killed with SIGKILL is there on reopen', async () => {
    const dir = tempDir();
    const content = 'Typed right before the crash ✍️\nsecond line';
    const { signal, stderr } = await writeThenKill(dir, content);
    expect(signal, stderr).toBe('SIGKILL');
    // The write went to the WAL and was never checkpointed: the reopen must recover it from there.
    expect(existsSync(join(dir, `${DATABASE_FILE}-wal`))).toBe(true);
    expect(statSync(join(dir, `${DATABASE_FILE}-wal`)).size).toBeGreaterThan(0);

    const store = openStore(dir);
    expect(store.noticeDetail).toBeNull();
    expect(store.drafts.get('crash-desk', 7)).toMatchObject({ kind: 'reply', content });
  });
});
