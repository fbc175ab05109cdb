import { callerOf, requireStaff } from '../auth.js';
import { downloadContentType } from '../domain/files.js';
import { allowedLanguages, supportedLanguages } from '../domain/settings.js';
import { stats } from '../domain/stats.js';
import { findTicket } from '../domain/tickets.js';
import type { Handler } from '../http/context.js';
import type { Params } from '../http/params.js';
import type { SessionData } from '../session.js';
import { tagJson } from '../shapes.js';
import type { World } from '../world.js';

const getSettings: Handler = (ctx) => {
  const { world } = ctx;
  const { repo } = world;
  const s = (name: string): string | null => repo.setting(name);
  const caller = callerOf(ctx);
  const isStaff = caller?.kind === 'staff';
  const all = isStaff && caller.level >= 3 && ctx.params.flag('allSettings');
  const owners = repo.departmentOwners();
  // Regular users and anonymous callers never learn that private departments exist.
  const departments = repo
    .departments()
    .filter((d) => isStaff || d.private === 0)
    .map((d) => ({ id: String(d.id), name: d.name, owners: String(owners.get(d.id) ?? 0), private: String(d.private) }));
  const tags = repo.tags().map(tagJson);
  const common = {
    departments,
    supportedLanguages: supportedLanguages(world),
    allowedLanguages: allowedLanguages(world),
    'session-prefix': s('session-prefix'),
  };
  if (!all) {
    return {
      language: s('language'),
      reCaptchaKey: s('recaptcha-public'),
      'maintenance-mode': Number(s('maintenance-mode') ?? '0'),
      layout: s('layout'),
      'allow-attachments': Number(s('allow-attachments') ?? '0'),
      'max-size': s('max-size'),
      title: s('title'),
      registration: s('registration'),
      ...common,
      tags,
      'mandatory-login': s('mandatory-login'),
      'default-department-id': s('default-department-id'),
      'default-is-locked': s('default-is-locked'),
    };
  }
  return {
    language: s('language'),
    reCaptchaKey: s('recaptcha-public'),
    reCaptchaPrivate: s('recaptcha-private'),
    'maintenance-mode': Number(s('maintenance-mode') ?? '0'),
    layout: s('layout'),
    'allow-attachments': Number(s('allow-attachments') ?? '0'),
    'max-size': s('max-size'),
    url: s('url'),
    title: s('title'),
    'server-email': s('server-email'),
    'smtp-host': s('smtp-host'),
    'smtp-user': s('smtp-user'),
    'imap-host': s('imap-host'),
    'imap-user': s('imap-user'),
    'imap-token': s('imap-token'),
    registration: s('registration'),
    ...common,
    'mail-template-header-image': s('mail-template-header-image'),
    tags,
    'mandatory-login': s('mandatory-login'),
    'default-department-id': s('default-department-id'),
    'default-is-locked': s('default-is-locked'),
  };
};

const getStats: Handler = (ctx) => {
  requireStaff(ctx, 1);
  return stats(ctx.world, ctx.params);
};

const installationDone: Handler = (ctx) => (ctx.world.repo.get('SELECT 1 FROM staff LIMIT 1') ? 1 : 0);

export const systemRoutes: Record<string, Handler> = {
  '/system/get-settings': getSettings,
  '/system/get-stats': getStats,
  '/system/installation-done': installationDone,
};

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * GET /system/download (§2.9): authorised by the session cookie alone (no csrf pair).
 * Staff may fetch anything; others only their own tickets' files, article images with
 * any session, and profile pictures. Refusal is an empty 403.
 */
export function download(world: World, session: SessionData | undefined, query: Params): RawResponse | { fail: string } {
  const file = query.get('file') ?? '';
  if (!/^[A-Za-z0-9_.-]+$/.test(file)) return { fail: 'INVALID_FILE' };
  const refused: RawResponse = { status: 403, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '' };
  const loggedIn = session !== undefined && session.token !== null && session.userId !== null;
  let allowed = false;
  if (loggedIn && session.staff) {
    allowed = true;
  } else if (file.startsWith('p')) {
    allowed = true;
  } else if (file.startsWith('a')) {
    allowed = loggedIn;
  } else if (file.startsWith('t') && loggedIn) {
    const ticket = findTicket(world, /^t(\d+)_/.exec(file)?.[1]);
    const sessionTicket = session.ticketNumber;
    allowed =
      ticket !== undefined &&
      ticket.author_user_id === Number(session.userId) &&
      (sessionTicket === null || sessionTicket === String(ticket.ticket_number));
  }
  if (!allowed) return refused;
  const row = world.repo.get<{ data: Buffer }>('SELECT data FROM stored_file WHERE name = ?', file);
  // A well-formed name that does not exist: 200 with an empty HTML body (observed).
  if (!row) return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '' };
  return {
    status: 200,
    headers: { 'Content-Type': downloadContentType(file), 'Content-Disposition': `filename=${file}` },
    body: row.data,
  };
}
