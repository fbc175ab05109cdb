import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fixtures/open-vault.ts', import.meta.url));

export interface ChildVaultResult {
  persistence: 'keychain' | 'memory';
  unavailableReason: string | null;
  /** How long openVault took inside the child (excludes Node start-up). */
  elapsedMs: number;
}

/**
 * Runs openVault in a fresh Node process with `env` replacing the D-Bus variables, because the
 * bus address is read by the native module and cannot be changed inside a running process.
 * `command` wraps the call (for example in dbus-run-session).
 */
export function openVaultInChild(env: Record<string, string | undefined>, service: string, command: string[] = []): Promise<ChildVaultResult> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) if (value !== undefined) childEnv[key] = value;
  const argv = [...command, process.execPath, '--import', 'tsx', CHILD, service];
  const [file, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: childEnv, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`child failed: ${error.message}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return reject(new Error(`child printed no result:\n${stdout}\n${stderr}`));
      resolve(JSON.parse(line) as ChildVaultResult);
    });
  });
}
