import { callerOf, requireStaff, requireUser } from '../auth.js';
import type { StaffRow, TicketRow, UserRow } from '../db/repo.js';
import { fail } from '../errors.js';
import type { Handler } from '../http/context.js';
import { validLength } from '../sanitize.js';
import { ticketsJson, userListItemJson } from '../shapes.js';
import { addDays, formatDate } from '../util/dates.js';
import { isNumeric, parseId, validEmail } from '../util/php.js';
import { hashPassword, verifyPassword } from '../util/password.js';
import { randomHex } from '../util/random.js';
import { likeContains, likePrefix, offsetFor, pagesFor } from '../domain/sql.js';

const REMEMBER_DAYS = 30;

interface Account {
  id: number;
  email: string;
  isStaff: boolean;
}

const login: Handler = (ctx) => {
  const { repo } = ctx.world;
  const p = ctx.params;
  // PHP starts a session (and sends its cookie) for a client that has none, even when the login then fails.
  const provisional = ctx.sessionId === undefined ? ctx.startSession({}) : undefined;
  const staff = p.flag('staff');
  const remember = p.flag('remember');
  const now = ctx.world.now();
  // Expired remember tokens are purged on every login call (§2.6.7).
  repo.run('DELETE FROM remember_token WHERE expiration < ?', formatDate(now));

  let account: Account;
  const email = p.get('email');
  const password = p.get('password');
  const rememberToken = p.get('rememberToken');
  const userId = p.get('userId');
  if (email !== undefined && password !== undefined) {
    const lower = email.toLowerCase();
    if (staff) {
      const s: StaffRow = repo.staffByEmail(lower) ?? fail('INVALID_CREDENTIALS');
      if (!verifyPassword(password, s.password)) fail('INVALID_CREDENTIALS');
      account = { id: s.id, email: s.email, isStaff: true };
    } else {
      const u: UserRow = repo.userByEmail(lower) ?? fail('INVALID_CREDENTIALS');
      if (u.not_registered === 1 || !verifyPassword(password, u.password)) fail('INVALID_CREDENTIALS');
      if (u.verified !== 1) fail('UNVERIFIED_USER');
      if (u.disabled === 1) fail('USER_DISABLED');
      account = { id: u.id, email: u.email, isStaff: false };
    }
  } else if (rememberToken !== undefined && userId !== undefined) {
    const id = parseId(userId);
    const row = repo.get<{ account_id: number }>(
      'SELECT account_id FROM remember_token WHERE token = ? AND account_id = ? AND is_staff = ?',
      rememberToken,
      id ?? -1,
      staff ? 1 : 0,
    );
    if (!row || id === null) fail('INVALID_CREDENTIALS');
    const target = staff ? repo.staff(id) : repo.user(id);
    if (!target) fail('INVALID_CREDENTIALS');
    // Single use: the chain continues only through the new token issued with remember=1.
    repo.run('DELETE FROM remember_token WHERE token = ?', rememberToken);
    account = { id, email: target.email, isStaff: staff };
  } else {
    fail('INVALID_CREDENTIALS');
  }

  const token = randomHex(40);
  ctx.startSession({ token, userId: String(account.id), staff: account.isStaff, ticketNumber: null });
  // The client only ever receives the logged-in cookie, so the provisional session can never be used.
  ctx.world.sessions.destroy(provisional);
  if (account.isStaff) repo.run('UPDATE staff SET last_login = ? WHERE id = ?', formatDate(now), account.id);
  let newRememberToken: string | null = null;
  let rememberExpiration: string | null = null;
  if (remember) {
    newRememberToken = randomHex(40);
    ctx.world.sessions.noteIssued(newRememberToken);
    rememberExpiration = formatDate(addDays(now, REMEMBER_DAYS));
    repo.run('INSERT INTO remember_token (token, is_staff, account_id, expiration) VALUES (?, ?, ?, ?)', newRememberToken, account.isStaff ? 1 : 0, account.id, rememberExpiration);
  }
  return {
    userId: String(account.id),
    userEmail: account.email,
    staff: account.isStaff,
    token,
    rememberToken: newRememberToken,
    rememberExpiration,
  };
};

const logout: Handler = (ctx) => {
  requireUser(ctx);
  ctx.endSession();
  return null;
};

const checkSession: Handler = (ctx) => ({ sessionActive: Boolean(ctx.session && ctx.session.token !== null) });

const signup: Handler = (ctx) => {
  const { repo } = ctx.world;
  const p = ctx.params;
  const name = p.get('name');
  if (!validLength(name, 1, 200)) fail('INVALID_NAME');
  const email = (p.get('email') ?? '').toLowerCase();
  if (!validEmail(email)) fail('INVALID_EMAIL');
  const password = p.get('password');
  if (!validLength(password, 6, 200)) fail('INVALID_PASSWORD');
  const existing = repo.userByEmail(email);
  if (existing && existing.not_registered !== 1) fail('USER_EXISTS');
  if (repo.setting('registration') !== '1') {
    const caller = callerOf(ctx);
    if (!caller || caller.kind !== 'staff' || caller.level < 2) fail('NO_PERMISSION');
  }
  const now = formatDate(ctx.world.now());
  if (existing) {
    // An account auto-created for an anonymous ticket is upgraded and keeps its tickets.
    repo.run('UPDATE user SET name = ?, password = ?, not_registered = NULL, verified = 1 WHERE id = ?', name, hashPassword(password), existing.id);
    return { userId: existing.id, userEmail: email };
  }
  const id = repo.insert(
    'INSERT INTO user (name, email, password, signup_date, verified, disabled, not_registered, tickets) VALUES (?, ?, ?, ?, 1, 0, NULL, 0)',
    name,
    email,
    hashPassword(password),
    now,
  );
  return { userId: id, userEmail: email };
};

const getSelf: Handler = (ctx) => {
  const caller = requireUser(ctx);
  if (caller.kind === 'staff') fail('INVALID_CREDENTIALS');
  const { repo } = ctx.world;
  const u = repo.user(caller.id) ?? fail('NO_PERMISSION');
  const rows = repo.all<TicketRow>('SELECT * FROM ticket WHERE author_user_id = ? ORDER BY id', u.id);
  return {
    name: u.name,
    email: u.email,
    staff: false,
    verified: u.verified === 1,
    tickets: ticketsJson(ctx.world, rows, { full: false, staffViewer: false }),
    customfields: [],
    users: null,
  };
};

const getUsers: Handler = (ctx) => {
  requireStaff(ctx, 1);
  const p = ctx.params;
  const page = p.get('page');
  if (!isNumeric(page)) fail('INVALID_PAGE');
  const orderBy = p.get('orderBy');
  if (orderBy !== 'id' && orderBy !== 'tickets') fail('INVALID_ORDER');
  const desc = p.flag('desc');
  const search = p.get('search');
  const dir = desc ? 'DESC' : 'ASC';
  const offset = offsetFor(Number(page), 10);
  let users: UserRow[];
  let total: number;
  if (search !== undefined && search !== '') {
    const where = "(name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')";
    total = ctx.world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM user WHERE ${where}`, likeContains(search), likeContains(search))?.n ?? 0;
    users = ctx.world.repo.all<UserRow>(
      `SELECT * FROM user WHERE ${where}
       ORDER BY (name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\') DESC, ${orderBy} ${dir}, id LIMIT 10 OFFSET ?`,
      likeContains(search),
      likeContains(search),
      likePrefix(search),
      likePrefix(search),
      offset,
    );
  } else {
    total = ctx.world.repo.get<{ n: number }>('SELECT COUNT(*) AS n FROM user')?.n ?? 0;
    users = ctx.world.repo.all<UserRow>(`SELECT * FROM user ORDER BY ${orderBy} ${dir}, id LIMIT 10 OFFSET ?`, offset);
  }
  return {
    users: users.map(userListItemJson),
    pages: pagesFor(total, 10),
    page,
    orderBy,
    desc: p.get('desc') ?? null,
    search: search ?? null,
  };
};

const getUser: Handler = (ctx) => {
  requireStaff(ctx, 1);
  const id = parseId(ctx.params.get('userId'));
  const u = (id === null ? undefined : ctx.world.repo.user(id)) ?? fail('INVALID_USER');
  return {
    name: u.name,
    email: u.email,
    signupDate: u.signup_date,
    verified: u.verified === 1,
    disabled: u.disabled === 1,
    customfields: [],
    userList: [],
  };
};

export const userRoutes: Record<string, Handler> = {
  '/user/login': login,
  '/user/logout': logout,
  '/user/check-session': checkSession,
  '/user/signup': signup,
  '/user/get': getSelf,
  '/user/get-users': getUsers,
  '/user/get-user': getUser,
};
