import { randomUUID } from 'node:crypto';
import type { ConnectionState, HelpdeskView, ProbeView } from '../../contract';
import { ApiError, NetworkError, OpenSupportsClient, SessionExpired, isOpenSupportsError, probeHelpdesk, type FetchLike, type RememberToken, type StaffProfile } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { CredentialVault } from './vault';
import type { HelpdeskRecord, HelpdeskRecordStore } from './records';
import { decodeRememberToken, encodeRememberToken } from './remember-secret';

interface Connection {
  record: HelpdeskRecord;
  client: OpenSupportsClient;
  state: ConnectionState;
  stateMessage: string | null;
  warnings: string[];
  /** Whether this run holds a remember token for it (in the keychain or in memory). */
  remembered: boolean;
  unread: number;
  /** The profile the last sign-in read, until the first meta load takes it. */
  freshProfile: { profile: StaffProfile; at: number } | null;
}

/** How long a sign-in's profile stands in for the meta load's own /staff/get. */
const PROFILE_HANDOFF_MS = 10_000;
/** How long a probe of a URL stands for the sign-in that follows it (the add form probes first). */
const PROBE_REUSE_MS = 60_000;

export interface RegistryOptions {
  store: HelpdeskRecordStore;
  vault: CredentialVault;
  fetch?: FetchLike;
  timeoutMs?: number;
  onChange: () => void;
}

export interface SignInInput {
  email: string;
  password: string;
  remember: boolean;
}

/**
 * Every helpdesk the app knows, each with its own client (own cookie jar, csrf pair and state).
 * A failure on one helpdesk never touches another.
 */
export class HelpdeskRegistry {
  private readonly connections = new Map<string, Connection>();
  /** Successful probes by the URL as typed. */
  private readonly probes = new Map<string, { view: ProbeView; at: number }>();

  constructor(private readonly options: RegistryOptions) {
    for (const record of options.store.list()) this.connections.set(record.id, this.connect(record, 'signed-out', null));
  }

  list(): HelpdeskView[] {
    return [...this.connections.values()].sort((a, b) => a.record.position - b.record.position).map((c) => this.view(c));
  }

  get(id: string): HelpdeskView {
    return this.view(this.require(id));
  }

  /** The client of a signed-in helpdesk, for later work (queues, sync, outbox). */
  clientOf(id: string): OpenSupportsClient {
    return this.require(id).client;
  }

  async probe(url: string): Promise<ProbeView> {
    const result = await probeHelpdesk(url, { fetch: this.options.fetch, timeoutMs: this.options.timeoutMs });
    const view: ProbeView = { ok: result.ok, apiRoot: result.apiRoot, title: result.title, version: result.version, warnings: result.warnings, error: result.error };
    if (view.ok) {
      // The form adds with the API root the probe found, which is not what was typed when the
      // agent gave the site's address.
      const known = { view, at: Date.now() };
      this.probes.set(url, known);
      if (view.apiRoot) this.probes.set(view.apiRoot, known);
    }
    return view;
  }

  /**
   * The profile the latest sign-in read, once, if it is seconds old: the meta load that follows a
   * sign-in would otherwise ask /staff/get the same question again.
   */
  takeFreshProfile(id: string): StaffProfile | null {
    const connection = this.connections.get(id);
    const fresh = connection?.freshProfile ?? null;
    if (connection) connection.freshProfile = null;
    return fresh && Date.now() - fresh.at < PROFILE_HANDOFF_MS ? fresh.profile : null;
  }

  async add(input: { url: string; label?: string } & SignInInput): Promise<HelpdeskView> {
    // The add form probes the URL as it is typed: a probe of moments ago stands.
    const known = this.probes.get(input.url);
    const probe = known && Date.now() - known.at < PROBE_REUSE_MS ? known.view : await this.probe(input.url);
    if (!probe.ok || !probe.apiRoot) throw new UserFacingError('protocol', probe.error ?? 'This URL does not look like an OpenSupports helpdesk.');
    const email = input.email.trim().toLowerCase();
    const duplicate = [...this.connections.values()].find((c) => c.record.apiRoot === probe.apiRoot && c.record.userEmail === email);
    if (duplicate) throw new UserFacingError('invalid-input', `You already added this helpdesk as “${duplicate.record.label}”.`);
    const position = Math.max(-1, ...[...this.connections.values()].map((c) => c.record.position)) + 1;
    const record: HelpdeskRecord = {
      id: randomUUID(),
      label: input.label?.trim() || probe.title || new URL(probe.apiRoot).host,
      apiRoot: probe.apiRoot,
      userEmail: email,
      userId: null,
      staffName: null,
      staffLevel: null,
      position,
    };
    const connection = this.connect(record, 'signing-in', null);
    connection.warnings = probe.warnings;
    // Signed in first, stored second: a helpdesk that cannot be signed into is not added.
    try {
      await this.signInConnection(connection, { ...input, email });
    } catch (error) {
      // A token may already have been written during the sign-in; leave nothing behind.
      await this.options.vault.delete(record.id).catch(() => undefined);
      throw error;
    }
    this.options.store.insert(connection.record);
    this.connections.set(record.id, connection);
    this.options.onChange();
    return this.view(connection);
  }

  async signIn(id: string, input: SignInInput): Promise<HelpdeskView> {
    const connection = this.require(id);
    connection.state = 'signing-in';
    this.options.onChange();
    try {
      await this.signInConnection(connection, { ...input, email: input.email.trim().toLowerCase() });
    } catch (error) {
      this.settleAfterFailure(connection, error);
      throw error;
    } finally {
      this.options.onChange();
    }
    this.options.store.update(id, pickIdentity(connection.record));
    return this.view(connection);
  }

  async signOut(id: string): Promise<HelpdeskView> {
    const connection = this.require(id);
    try {
      await connection.client.logout();
    } catch {
      // Offline or already gone: the local sign-out still happens, and the server session dies on its own.
    }
    await this.options.vault.delete(id);
    connection.remembered = false;
    connection.state = 'signed-out';
    connection.stateMessage = null;
    this.options.onChange();
    return this.view(connection);
  }

  rename(id: string, label: string): HelpdeskView {
    const connection = this.require(id);
    connection.record.label = label.trim();
    this.options.store.update(id, { label: connection.record.label });
    this.options.onChange();
    return this.view(connection);
  }

  async remove(id: string): Promise<{ removed: string }> {
    await this.signOut(id);
    this.options.store.delete(id);
    this.connections.delete(id);
    this.options.onChange();
    return { removed: id };
  }

  /** What background sync learned: reachability and the unread count. */
  applySync(id: string, update: { state?: ConnectionState; stateMessage?: string | null; unread?: number }): void {
    const connection = this.connections.get(id);
    if (!connection) return;
    // A sign-in or sign-out the person started wins over a poll that was already under way.
    if (update.state !== undefined && connection.state !== 'signing-in' && connection.state !== 'signed-out') {
      connection.state = update.state;
      connection.stateMessage = update.stateMessage ?? null;
    }
    if (update.unread !== undefined) connection.unread = update.unread;
    this.options.onChange();
  }

  /** Restores every helpdesk from the keychain, concurrently; one failing never holds up the others. */
  async restoreAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((id) => this.restore(id)));
  }

  async restore(id: string): Promise<HelpdeskView> {
    const connection = this.require(id);
    let secret: string | null;
    try {
      secret = await this.options.vault.get(id);
    } catch (error) {
      connection.state = 'signed-out';
      connection.stateMessage = error instanceof Error ? error.message : 'The keychain could not be read.';
      this.options.onChange();
      return this.view(connection);
    }
    const token = decodeRememberToken(secret);
    if (!token) {
      connection.state = 'signed-out';
      connection.stateMessage = connection.record.userEmail ? 'Sign in to continue.' : null;
      this.options.onChange();
      return this.view(connection);
    }
    connection.client.setRememberToken(token);
    connection.remembered = true;
    connection.state = 'signing-in';
    this.options.onChange();
    try {
      await this.refreshProfile(connection);
      connection.state = 'online';
      connection.stateMessage = null;
    } catch (error) {
      this.settleAfterFailure(connection, error);
    }
    this.options.onChange();
    return this.view(connection);
  }

  private async signInConnection(connection: Connection, input: SignInInput): Promise<void> {
    const client = connection.client;
    try {
      await client.login({ email: input.email, password: input.password, staff: true, remember: input.remember });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS' && (await this.isCustomerAccount(connection.record.apiRoot, input))) {
        throw new UserFacingError('api', 'This is a customer account. Staffdesk needs a staff account of this helpdesk.', 'CUSTOMER_ACCOUNT');
      }
      throw error;
    }
    if (!input.remember) {
      await this.options.vault.delete(connection.record.id);
      connection.remembered = false;
    }
    connection.record.userEmail = input.email;
    await this.refreshProfile(connection);
    connection.state = 'online';
    connection.stateMessage = null;
  }

  private async isCustomerAccount(apiRoot: string, input: SignInInput): Promise<boolean> {
    const probe = new OpenSupportsClient({ apiRoot, fetch: this.options.fetch, timeoutMs: this.options.timeoutMs });
    try {
      await probe.login({ email: input.email, password: input.password, staff: false, remember: false });
      await probe.logout().catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  }

  private async refreshProfile(connection: Connection): Promise<void> {
    const profile = await connection.client.getStaff();
    connection.freshProfile = { profile, at: Date.now() };
    connection.record.userId = connection.client.userId;
    connection.record.staffName = profile.name;
    connection.record.staffLevel = profile.level;
    connection.record.userEmail = profile.email;
    this.options.store.update(connection.record.id, pickIdentity(connection.record));
  }

  private settleAfterFailure(connection: Connection, error: unknown): void {
    if (error instanceof SessionExpired || (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS')) {
      connection.state = 'signed-out';
      connection.stateMessage = error instanceof SessionExpired ? error.message : 'Your saved sign-in was refused. Sign in again.';
    } else if (error instanceof NetworkError) {
      connection.state = 'offline';
      connection.stateMessage = error.message;
    } else {
      connection.state = 'error';
      connection.stateMessage = isOpenSupportsError(error) || error instanceof UserFacingError ? error.message : 'Something went wrong while connecting.';
    }
  }

  private connect(record: HelpdeskRecord, state: ConnectionState, stateMessage: string | null): Connection {
    const connection: Connection = {
      record,
      state,
      stateMessage,
      warnings: [],
      remembered: false,
      unread: 0,
      freshProfile: null,
      client: new OpenSupportsClient({
        apiRoot: record.apiRoot,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
        onRememberTokenChange: (token) => this.persistToken(connection, token),
      }),
    };
    if (new URL(record.apiRoot).protocol === 'http:') {
      connection.warnings = ['This helpdesk is reached over plain http://: the session travels unencrypted.'];
    }
    return connection;
  }

  private async persistToken(connection: Connection, token: RememberToken | null): Promise<void> {
    // The single-use token rotates on every silent sign-in; the newest one must be what survives a restart.
    if (token) await this.options.vault.set(connection.record.id, encodeRememberToken(token));
    else await this.options.vault.delete(connection.record.id);
    connection.remembered = token !== null;
  }

  private require(id: string): Connection {
    const connection = this.connections.get(id);
    if (!connection) throw new UserFacingError('not-found', 'That helpdesk is no longer in Staffdesk.');
    return connection;
  }

  private view(connection: Connection): HelpdeskView {
    const { record } = connection;
    return {
      id: record.id,
      label: record.label,
      apiRoot: record.apiRoot,
      state: connection.state,
      stateMessage: connection.stateMessage,
      user: record.staffName && record.userEmail && record.staffLevel ? { name: record.staffName, email: record.userEmail, level: record.staffLevel } : null,
      credentialPersistence: connection.remembered ? this.options.vault.persistence : 'none',
      unread: connection.unread,
      warnings: connection.warnings,
    };
  }
}

function pickIdentity(record: HelpdeskRecord): Partial<HelpdeskRecord> {
  return { userEmail: record.userEmail, userId: record.userId, staffName: record.staffName, staffLevel: record.staffLevel, label: record.label };
}
