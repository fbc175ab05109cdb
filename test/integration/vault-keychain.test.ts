/**
 * The credential vault against a real Secret Service (gnome-keyring over D-Bus), checked from the
 * outside with `secret-tool` so a pass means the item really is in the keychain.
 *
 * These need a D-Bus session with an unlocked gnome-keyring. CI provides one; locally run:
 *   XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/unit/vault test/integration/vault-'
 * Without a session they fail, on purpose: a skipped keychain test looks like a passing one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringVault, openVault, PROBE_ACCOUNT, type CredentialVault } from '../../electron/core/instances/vault';
import { openVaultInChild } from '../unit/vault/run-open-vault';

const HOW_TO_RUN =
  "run them inside a D-Bus session with an unlocked gnome-keyring, as CI does: XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/unit/vault test/integration/vault-'";

/** A service name of its own per run, so these tests never touch a real "staffdesk" sign-in. */
const SERVICE = `staffdesk-test-${randomUUID()}`;

interface SecretToolItem {
  secret: string;
  attributes: Record<string, string>;
}

/** What `secret-tool search --all` finds for the given attributes (it prints attributes on stderr). */
function secretToolSearch(attributes: Record<string, string>): Promise<SecretToolItem[]> {
  const args = ['search', '--all', ...Object.entries(attributes).flat()];
  return new Promise((resolve, reject) => {
    execFile('secret-tool', args, { timeout: 10_000 }, (error, stdout, stderr) => {
      // secret-tool exits 1 when nothing matches; that is an answer, not a failure.
      if (error && (stdout.trim() || stderr.trim())) return reject(new Error(`secret-tool failed: ${stderr}`));
      const secrets = [...stdout.matchAll(/^secret = (.*)$/gm)].map((m) => m[1] ?? '');
      const attributeBlocks = stderr.split(/(?=^attribute\.service = )/m).filter((b) => b.trim());
      resolve(
        secrets.map((secret, i) => ({
          secret,
          attributes: Object.fromEntries([...(attributeBlocks[i] ?? '').matchAll(/^attribute\.(\S+) = (.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])),
        })),
      );
    });
  });
}

function secretToolLookup(service: string, account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', account], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return null; // exit status 1: no such item
  }
}

/**
 * Why the real keychain cannot be used here, or null. Every test calls `keychain()` first, so a
 * missing session shows as each test failing with this sentence, never as skipped tests.
 */
let setupProblem: string | null = 'setup did not run';
let vault: CredentialVault | null = null;

function keychain(): CredentialVault {
  if (setupProblem !== null || vault === null) throw new Error(setupProblem ?? 'no vault');
  return vault;
}

describe('credential vault on a real Secret Service', () => {
  beforeAll(async () => {
    setupProblem = await findSetupProblem();
  });

  async function findSetupProblem(): Promise<string | null> {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
      return `The real-keychain tests found no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set); ${HOW_TO_RUN}`;
    }
    try {
      execFileSync('secret-tool', [], { stdio: 'ignore' });
    } catch (err) {
      // Without arguments it prints its usage and exits 2; only a missing binary matters here.
      if ((err as { code?: unknown }).code === 'ENOENT') return 'The real-keychain tests need secret-tool (apt-get install libsecret-tools).';
    }
    vault = await openVault({ service: SERVICE });
    if (vault.persistence !== 'keychain') {
      return `A D-Bus session is there but the keychain is not usable (${String(vault.unavailableReason)}); ${HOW_TO_RUN}`;
    }
    return null;
  }

  afterAll(async () => {
    if (setupProblem !== null) return;
    // Leave nothing behind even if a test failed half-way.
    for (const item of await secretToolSearch({ service: SERVICE }).catch(() => [])) {
      const account = item.attributes.username;
      if (account) await new KeyringVault({ service: SERVICE }).delete(account).catch(() => undefined);
    }
  });

  it('the probe in openVault left no item behind', async () => {
    keychain();
    expect(await secretToolSearch({ service: SERVICE, username: PROBE_ACCOUNT })).toEqual([]);
  });

  it('stores a secret that secret-tool finds under service and username, and reads it back', async () => {
    const vault = keychain();
    const account = randomUUID();
    await vault.set(account, 'remember-token-1');
    expect(await vault.get(account)).toBe('remember-token-1');
    expect(secretToolLookup(SERVICE, account)).toBe('remember-token-1');
    const items = await secretToolSearch({ service: SERVICE, username: account });
    expect(items).toEqual([{ secret: 'remember-token-1', attributes: { service: SERVICE, username: account } }]);
  });

  it('rotates in place: the new token replaces the old one, with no second item', async () => {
    const vault = keychain();
    const account = randomUUID();
    await vault.set(account, 'token-a');
    await vault.set(account, 'token-b');
    expect(await vault.get(account)).toBe('token-b');
    const items = await secretToolSearch({ service: SERVICE, username: account });
    expect(items.map((i) => i.secret)).toEqual(['token-b']);
  });

  it('deletes, after which neither the vault nor secret-tool finds it; deleting again is fine', async () => {
    const vault = keychain();
    const account = randomUUID();
    await vault.set(account, 'token-to-delete');
    await vault.delete(account);
    expect(await vault.get(account)).toBeNull();
    expect(secretToolLookup(SERVICE, account)).toBeNull();
    await expect(vault.delete(account)).resolves.toBeUndefined();
  });

  it('keeps accounts apart and stores long and non-ASCII secrets exactly', async () => {
    const vault = keychain();
    const [a, b] = [randomUUID(), randomUUID()];
    const long = `${'x'.repeat(4000)}-ünïcødé-🔑`;
    await vault.set(a, long);
    await vault.set(b, 'other');
    expect(await vault.get(a)).toBe(long);
    expect(await vault.get(b)).toBe('other');
    await vault.delete(b);
    expect(await vault.get(a)).toBe(long);
  });

  it('uses service "staffdesk" unless told otherwise', async () => {
    keychain();
    // A random account under the real service name: it cannot collide with a real sign-in.
    const account = `test-${randomUUID()}`;
    const defaultVault = new KeyringVault();
    try {
      await defaultVault.set(account, 'default-service-token');
      expect(secretToolLookup('staffdesk', account)).toBe('default-service-token');
    } finally {
      await defaultVault.delete(account);
    }
    expect(secretToolLookup('staffdesk', account)).toBeNull();
  });

  it('each call answers quickly (the keychain is local)', async () => {
    const vault = keychain();
    const account = randomUUID();
    const started = performance.now();
    await vault.set(account, 't');
    await vault.get(account);
    await vault.delete(account);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  describe('without a usable keychain (child processes)', () => {
    it('a D-Bus address pointing at nothing gives a memory vault with a clear reason, quickly, and writes nothing', async () => {
      keychain();
      const service = `staffdesk-test-${randomUUID()}`;
      const result = await openVaultInChild({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }, service);
      expect(result.persistence).toBe('memory');
      expect(result.unavailableReason).toMatch(/^No system keychain is available \(there is no D-Bus session to reach it: .*\/nonexistent.*\), so Staffdesk cannot remember your sign-in/);
      expect(result.elapsedMs).toBeLessThan(1000);
      // Checked in the real keychain this process can see: the child left no item there.
      expect(await secretToolSearch({ service })).toEqual([]);
    });

    it('a D-Bus session whose keyring is locked gives a memory vault too, and writes nothing', async () => {
      keychain();
      // A private bus: D-Bus activation starts a gnome-keyring nobody unlocked.
      const home = mkdtempSync(join(tmpdir(), 'staffdesk-locked-keyring-'));
      try {
        const service = `staffdesk-test-${randomUUID()}`;
        const result = await openVaultInChild({ XDG_DATA_HOME: home, XDG_RUNTIME_DIR: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: undefined }, service, ['dbus-run-session', '--']);
        expect(result.persistence).toBe('memory');
        expect(result.unavailableReason).toMatch(/^No system keychain is available \((the keychain is locked or refused access|no Secret Service such as GNOME Keyring or KWallet is running): /);
        expect(result.elapsedMs).toBeLessThan(2000);
        expect(await secretToolSearch({ service })).toEqual([]);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  });
});
