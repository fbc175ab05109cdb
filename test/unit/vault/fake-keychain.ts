import type { KeyringEntry, KeyringEntryFactory } from '../../../electron/core/instances/vault';

/** An in-memory stand-in for the OS keychain that records what was asked of it. */
export class FakeKeychain {
  readonly items = new Map<string, string>();
  readonly calls: string[] = [];
  /** Set to make a given operation throw (with this message) or never answer ('hang'). */
  failures: Partial<Record<'set' | 'get' | 'delete' | 'entry', string | 'hang'>> = {};
  /** Set to return something else than what was stored. */
  tamper: ((stored: string | null) => string | null) | null = null;

  readonly factory: KeyringEntryFactory = (service, account) => {
    this.calls.push(`entry ${service}/${account}`);
    this.maybeFail('entry');
    const key = `${service}/${account}`;
    const entry: KeyringEntry = {
      setPassword: async (password) => {
        this.calls.push(`set ${key}`);
        await this.maybeFailAsync('set');
        this.items.set(key, password);
      },
      getPassword: async () => {
        this.calls.push(`get ${key}`);
        await this.maybeFailAsync('get');
        const stored = this.items.get(key) ?? null;
        return this.tamper ? this.tamper(stored) : stored;
      },
      deleteCredential: async () => {
        this.calls.push(`delete ${key}`);
        await this.maybeFailAsync('delete');
        return this.items.delete(key);
      },
    };
    return entry;
  };

  private maybeFail(op: 'entry'): void {
    const failure = this.failures[op];
    if (failure !== undefined && failure !== 'hang') throw new Error(failure);
  }

  private async maybeFailAsync(op: 'set' | 'get' | 'delete'): Promise<void> {
    const failure = this.failures[op];
    if (failure === 'hang') await new Promise(() => undefined);
    if (failure !== undefined) throw new Error(failure);
  }
}

/** Platform messages seen on Debian 12 with @napi-rs/keyring 2.1 (see STACK-NOTES). */
export const SEEN_MESSAGES = {
  noDbus: 'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
  badSocket: 'Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory',
  noService: 'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files',
  locked: "Couldn't access platform storage: Secret Service: no result found",
};
