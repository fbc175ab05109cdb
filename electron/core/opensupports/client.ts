import type { z } from 'zod';
import { ApiError, ProtocolError, SessionExpired } from './errors';
import type { Params, UploadFile } from './encoding';
import { Transport, type CallOptions, type FetchLike, type RawDownload } from './transport';
import { CookieJar } from './cookie-jar';
import { parseApiRoot } from './api-root';
import * as s from './schemas';
import { searchWithWorkarounds, type SearchFilters } from './search';

export interface RememberToken {
  userId: string;
  token: string;
  expiresAt: Date | null;
}

export interface ClientOptions {
  /** The API root: the `api/` folder of a normal install, or a bare origin. */
  apiRoot: string | URL;
  timeoutMs?: number;
  fetch?: FetchLike;
  /** Called whenever the single-use remember token rotates or is dropped, so it can be stored again. */
  onRememberTokenChange?: (token: RememberToken | null) => void | Promise<void>;
}

interface Session {
  userId: string;
  token: string;
  staff: boolean;
  email: string;
}

export interface LoginResult {
  userId: string;
  email: string;
  staff: boolean;
  remember: RememberToken | null;
}

export type AuthorRef = { id: number; isStaff: boolean };

export interface CommentInput {
  ticketNumber: number;
  content: string;
  /** true = internal note, visible to staff only. */
  private?: boolean;
  file?: UploadFile;
}

/**
 * The protocol client for one helpdesk connection: its own cookie jar and csrf pair.
 * Every path returns validated, normalised data or throws one of the error kinds.
 */
export class OpenSupportsClient {
  readonly transport: Transport;
  private session: Session | null = null;
  private remember: RememberToken | null = null;
  private renewal: Promise<boolean> | null = null;
  private readonly onRememberTokenChange: ClientOptions['onRememberTokenChange'];

  constructor(options: ClientOptions) {
    const apiRoot = typeof options.apiRoot === 'string' ? parseApiRoot(options.apiRoot) : options.apiRoot;
    this.transport = new Transport({ apiRoot, timeoutMs: options.timeoutMs, fetch: options.fetch, jar: new CookieJar() });
    this.onRememberTokenChange = options.onRememberTokenChange;
  }

  get apiRoot(): URL {
    return this.transport.apiRoot;
  }

  get signedIn(): boolean {
    return this.session !== null;
  }

  /** Who this connection is, or will be once the remember token signs it in again. */
  get userId(): string | null {
    return this.session?.userId ?? this.remember?.userId ?? null;
  }

  get isStaffSession(): boolean {
    return this.session?.staff ?? false;
  }

  // ── session ──────────────────────────────────────────────────────────────

  /** Password sign-in. `remember` (default on) asks for a single-use remember token. */
  async login(input: { email: string; password: string; staff?: boolean; remember?: boolean }, options?: CallOptions): Promise<LoginResult> {
    const staff = input.staff ?? true;
    const remember = input.remember ?? true;
    const data = await this.anonymous('/user/login', s.zLoginData, { email: input.email, password: input.password, staff, remember }, options);
    return this.adoptLogin(data, remember);
  }

  /** Silent sign-in with the remember token; the token is spent and the new one handed back. */
  async loginWithRememberToken(remember: { userId: string; token: string }, options?: CallOptions & { staff?: boolean }): Promise<LoginResult> {
    const data = await this.anonymous(
      '/user/login',
      s.zLoginData,
      { userId: remember.userId, rememberToken: remember.token, staff: options?.staff ?? true, remember: true },
      options,
    );
    return this.adoptLogin(data, true);
  }

  /** Restores a remember token kept elsewhere (the keychain) without signing in yet. */
  setRememberToken(token: RememberToken | null): void {
    this.remember = token;
  }

  async logout(options?: CallOptions): Promise<void> {
    try {
      if (this.session) await this.authed('/user/logout', s.zNothing, {}, { ...options, noRenew: true });
    } finally {
      this.session = null;
      this.transport.jar.clear();
      await this.setRemember(null);
    }
  }

  async checkSession(options?: CallOptions): Promise<boolean> {
    const data = await this.anonymous('/user/check-session', s.zCheckSession, {}, options);
    return data.sessionActive;
  }

  private async adoptLogin(data: s.LoginData, askedRemember: boolean): Promise<LoginResult> {
    // A new login regenerates the session id: cookie and token are replaced together (reference §8.3).
    this.session = { userId: data.userId, token: data.token, staff: data.staff, email: data.userEmail };
    const remember = data.rememberToken ? { userId: data.userId, token: data.rememberToken, expiresAt: data.rememberExpiration } : null;
    if (askedRemember) await this.setRemember(remember);
    return { userId: data.userId, email: data.userEmail, staff: data.staff, remember };
  }

  private async setRemember(token: RememberToken | null): Promise<void> {
    this.remember = token;
    await this.onRememberTokenChange?.(token);
  }

  /**
   * After a NO_PERMISSION: true when the session was renewed and the call may be retried once,
   * false when the session is alive (so the refusal is genuine). Single-flight, because a
   * remember token can be spent only once.
   */
  private renewSession(failedToken: string): Promise<boolean> {
    if (this.session && this.session.token !== failedToken) return Promise.resolve(true);
    this.renewal ??= this.doRenew().finally(() => {
      this.renewal = null;
    });
    return this.renewal;
  }

  private async doRenew(): Promise<boolean> {
    if (await this.checkSession()) return false;
    const remember = this.remember;
    this.session = null;
    if (!remember) throw new SessionExpired();
    try {
      await this.loginWithRememberToken(remember);
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        await this.setRemember(null);
        throw new SessionExpired('Your saved sign-in for this helpdesk has expired or was revoked. Sign in again with your password.');
      }
      throw error;
    }
  }

  // ── plumbing ─────────────────────────────────────────────────────────────

  private async anonymous<T extends z.ZodType>(path: string, schema: T, params: Params, options?: CallOptions): Promise<z.output<T>> {
    return parseData(path, schema, await this.transport.post(path, params, options ?? {}));
  }

  private async authed<T extends z.ZodType>(
    path: string,
    schema: T,
    params: Params,
    options: CallOptions & { noRenew?: boolean } = {},
  ): Promise<z.output<T>> {
    if (!this.session) {
      if (!this.remember || options.noRenew) throw new SessionExpired('You are not signed in to this helpdesk.');
      await this.renewSession('');
    }
    const session = this.session as Session | null;
    if (!session) throw new SessionExpired('You are not signed in to this helpdesk.');
    try {
      return parseData(path, schema, await this.transport.post(path, withCsrf(params, session), options));
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'NO_PERMISSION' || options.noRenew) throw error;
      if (!(await this.renewSession(session.token))) throw error;
      const renewed = this.session as Session | null;
      if (!renewed) throw new SessionExpired();
      // Exactly one retry: a second NO_PERMISSION is the server's real answer.
      return parseData(path, schema, await this.transport.post(path, withCsrf(params, renewed), options));
    }
  }

  // ── staff ────────────────────────────────────────────────────────────────

  /** The signed-in staff member's profile (or another's, for level 3). Has no id: use `userId`. */
  getStaff(staffId?: number, options?: CallOptions): Promise<s.StaffProfile> {
    return this.authed('/staff/get', s.zStaffProfile, { staffId }, options);
  }

  getAllStaff(options?: CallOptions): Promise<s.StaffListItem[]> {
    return this.authed('/staff/get-all', s.zStaffListItem.array(), {}, options);
  }

  /** My tickets: assigned to me plus created by me. */
  getMyTickets(input: { page: number; closed?: boolean; departmentId?: number; pageSize?: number }, options?: CallOptions): Promise<s.TicketPage> {
    return this.authed('/staff/get-tickets', s.zTicketPage, { page: input.page, closed: input.closed, departmentId: input.departmentId, pageSize: input.pageSize }, options);
  }

  /** Open, unassigned tickets in my departments. */
  getNewTickets(input: { page: number; departmentId?: number }, options?: CallOptions): Promise<s.TicketPage> {
    // server bug: the offset ignores pageSize (§6.16-2), so the default of 10 is the only safe size.
    return this.authed('/staff/get-new-tickets', s.zTicketPage, { page: input.page, departmentId: input.departmentId }, options);
  }

  /** Tickets in my departments, newest first, title filter. */
  getAllTickets(input: { page: number; query?: string; closed?: boolean }, options?: CallOptions): Promise<s.TicketPage> {
    return this.authed('/staff/get-all-tickets', s.zTicketPage, { page: input.page, query: input.query || undefined, closed: input.closed }, options);
  }

  /** Title search in my departments (full tickets). Prefer `searchTickets`. */
  searchTicketsByTitle(input: { query: string; page: number }, options?: CallOptions): Promise<s.TicketPage> {
    return this.authed('/staff/search-tickets', s.zTicketPage, { query: input.query, page: input.page }, options);
  }

  assignTicket(ticketNumber: number, staffId?: number, options?: CallOptions): Promise<void> {
    return this.authed('/staff/assign-ticket', s.zNothing, { ticketNumber, staffId }, options);
  }

  unassignTicket(ticketNumber: number, options?: CallOptions): Promise<void> {
    return this.authed('/staff/un-assign-ticket', s.zNothing, { ticketNumber }, options);
  }

  /** Events on my personal list, newest first, 10 a page, no page count. */
  lastEvents(page: number, options?: CallOptions): Promise<s.ActivityItem[]> {
    return this.authed('/staff/last-events', s.zActivityItem.array(), { page }, options);
  }

  // ── tickets ──────────────────────────────────────────────────────────────

  getTicket(ticketNumber: number, options?: CallOptions): Promise<s.Ticket> {
    return this.authed('/ticket/get', s.zTicket, { ticketNumber }, options);
  }

  comment(input: CommentInput, options?: CallOptions): Promise<void> {
    const files = input.file ? { file: input.file } : undefined;
    return this.authed('/ticket/comment', s.zNothing, { ticketNumber: input.ticketNumber, content: input.content, private: input.private ?? false }, { ...options, files });
  }

  markSeen(ticketNumber: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/seen', s.zNothing, { ticketNumber }, options);
  }

  closeTicket(ticketNumber: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/close', s.zNothing, { ticketNumber }, options);
  }

  reopenTicket(ticketNumber: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/re-open', s.zNothing, { ticketNumber }, options);
  }

  changeDepartment(ticketNumber: number, departmentId: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/change-department', s.zNothing, { ticketNumber, departmentId }, options);
  }

  editTitle(ticketNumber: number, title: string, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/edit-title', s.zNothing, { ticketNumber, title }, options);
  }

  /** Edits my latest comment (with `eventId`) or the ticket body (without). */
  editComment(input: { ticketNumber: number; eventId?: number; content: string }, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/edit-comment', s.zNothing, { ticketNumber: input.ticketNumber, ticketEventId: input.eventId, content: input.content }, options);
  }

  addTag(ticketNumber: number, tagId: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/add-tag', s.zNothing, { ticketNumber, tagId }, options);
  }

  removeTag(ticketNumber: number, tagId: number, options?: CallOptions): Promise<void> {
    return this.authed('/ticket/remove-tag', s.zNothing, { ticketNumber, tagId }, options);
  }

  getCustomResponses(options?: CallOptions): Promise<s.CustomResponse[]> {
    return this.authed('/ticket/get-custom-responses', s.zCustomResponse.array(), {}, options);
  }

  /** Level 3 only; lower levels read tags from `getSettings().tags`. */
  getTags(options?: CallOptions): Promise<s.Tag[]> {
    return this.authed('/ticket/get-tags', s.zTag.array(), {}, options);
  }

  /** One page of /ticket/search, with the documented server bugs worked around. */
  searchTickets(filters: SearchFilters = {}, options?: CallOptions): Promise<s.TicketPage & { page: number }> {
    return searchWithWorkarounds((params) => this.authed('/ticket/search', s.zTicketPage, params, options), filters);
  }

  /** Creates a ticket as the signed-in account. The server returns no number (reference §4.3). */
  createTicket(input: { title: string; content: string; departmentId?: number; language?: string; file?: UploadFile }, options?: CallOptions): Promise<void> {
    const files = input.file ? { file: input.file } : undefined;
    return this.authed('/ticket/create', s.zNothing, { title: input.title, content: input.content, departmentId: input.departmentId, language: input.language }, { ...options, files });
  }

  // ── system ───────────────────────────────────────────────────────────────

  /** Works signed in or not; with a staff session private departments are included. */
  getSettings(input: { allSettings?: boolean } = {}, options?: CallOptions): Promise<s.Settings> {
    if (!this.session) return this.anonymous('/system/get-settings', s.zSettings, { allSettings: input.allSettings }, options);
    return this.authed('/system/get-settings', s.zSettings, { allSettings: input.allSettings }, options);
  }

  getStats(input: { dateRange?: { from: Date; to: Date }; departments?: number[]; tags?: number[]; owners?: number[] } = {}, options?: CallOptions): Promise<s.Stats> {
    const dateRange = input.dateRange ? [s.formatOsDate(input.dateRange.from), s.formatOsDate(input.dateRange.to)] : undefined;
    return this.authed('/system/get-stats', s.zStats, { dateRange, departments: input.departments, tags: input.tags, owners: input.owners }, options);
  }

  /** Downloads a stored attachment. Only the session cookie authorises it. */
  download(fileName: string, options?: CallOptions): Promise<RawDownload> {
    return this.transport.download(fileName, options);
  }

  // ── people ───────────────────────────────────────────────────────────────

  getUsers(input: { page: number; orderBy?: 'id' | 'tickets'; desc?: boolean; search?: string }, options?: CallOptions): Promise<s.UserPage> {
    return this.authed('/user/get-users', s.zUserPage, { page: input.page, orderBy: input.orderBy ?? 'id', desc: input.desc, search: input.search || undefined }, options);
  }

  /** A customer's profile. Their tickets come from `searchTickets({ authors: [{ id, isStaff: false }] })`. */
  getUser(userId: number, options?: CallOptions): Promise<s.UserDetail> {
    return this.authed('/user/get-user', s.zUserDetail, { userId }, options);
  }

  // ── customer side (demo data, simulator tests) ───────────────────────────

  signup(input: { name: string; email: string; password: string }, options?: CallOptions): Promise<{ userId: number; userEmail: string }> {
    return this.anonymous('/user/signup', s.zSignup, input, options);
  }

  /** A customer's own profile and tickets. */
  getSelf(options?: CallOptions): Promise<s.UserSelf> {
    return this.authed('/user/get', s.zUserSelf, {}, options);
  }

  /** Opens a ticket session for an anonymous ticket (only when mandatory login is off). */
  checkTicket(input: { ticketNumber: number; email: string }, options?: CallOptions): Promise<s.TicketSession> {
    return this.anonymous('/ticket/check', s.zTicketSession, input, options);
  }
}

function withCsrf(params: Params, session: Session): Params {
  // csrf_userid is compared as a string, so it goes back exactly as login returned it.
  return { ...params, csrf_userid: session.userId, csrf_token: session.token };
}

function parseData<T extends z.ZodType>(path: string, schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'data';
  throw new ProtocolError('shape', path, `${where}: ${issue?.message ?? 'unexpected value'}`);
}

export type { SearchFilters };
