import { callerOf, requireStaff, requireUser } from '../auth.js';
import { canManage } from '../domain/access.js';
import { parseSearchFilters, searchTickets } from '../domain/search.js';
import { LANGUAGE_CODES } from '../domain/settings.js';
import * as tickets from '../domain/tickets.js';
import { fail } from '../errors.js';
import type { Handler } from '../http/context.js';
import { sanitizeHtml, validContent, validLength } from '../sanitize.js';
import { customResponseJson, tagJson, ticketsJson } from '../shapes.js';
import { formatDate } from '../util/dates.js';
import { validEmail } from '../util/php.js';
import { hashPassword } from '../util/password.js';
import { randomHex } from '../util/random.js';
import type { CustomResponseRow } from '../db/repo.js';

const create: Handler = (ctx) => {
  const { world, params: p } = ctx;
  const input: tickets.CreateTicketInput = {
    title: p.get('title'),
    content: p.get('content'),
    departmentId: p.get('departmentId'),
    language: p.get('language'),
    file: p.file('file'),
  };
  const caller = callerOf(ctx);
  if (caller) {
    tickets.validateNewTicket(world, input);
    // The ticket is always the logged-in account's: an e-mail of a staff member, or a user naming someone else, is refused.
    const email = p.given('email')?.toLowerCase();
    if (email !== undefined) {
      const own = caller.kind === 'user' ? world.repo.user(caller.id)?.email : undefined;
      if (world.repo.staffByEmail(email) || (caller.kind === 'user' && email !== own)) fail('INVALID_EMAIL');
    }
    tickets.createTicket(world, caller, input);
    return null;
  }
  // Without a session the path is only open when mandatory login is off (anonymous tickets, §4.3).
  if (world.repo.setting('mandatory-login') === '1') fail('NO_PERMISSION');
  tickets.validateNewTicket(world, input);
  const email = (p.get('email') ?? '').toLowerCase();
  if (!validEmail(email)) fail('INVALID_EMAIL');
  const name = p.get('name');
  if (!validLength(name, 1, 200)) fail('INVALID_NAME');
  if (world.repo.staffByEmail(email)) fail('INVALID_EMAIL');
  const userId = world.repo.tx(() => {
    const existing = world.repo.userByEmail(email);
    if (existing) return existing.id;
    return world.repo.insert(
      'INSERT INTO user (name, email, password, signup_date, verified, disabled, not_registered, tickets) VALUES (?, ?, ?, ?, 1, 0, 1, 0)',
      name,
      email,
      hashPassword(randomHex(32)),
      formatDate(world.now()),
    );
  });
  tickets.createTicket(world, { kind: 'user', id: userId, ticketNumber: null }, input);
  return null;
};

const comment: Handler = (ctx) => {
  const caller = requireUser(ctx);
  const p = ctx.params;
  tickets.comment(ctx.world, caller, p.get('ticketNumber'), {
    content: p.get('content'),
    private: p.flag('private'),
    file: p.file('file'),
  });
  return null;
};

const get: Handler = (ctx) => {
  const caller = requireUser(ctx);
  const ticket = tickets.findTicket(ctx.world, ctx.params.get('ticketNumber'));
  // server bug: an unknown or missing ticket number answers NO_PERMISSION, not INVALID_TICKET (§6.16-12)
  if (!ticket || !canManage(ctx.world.repo, caller, ticket)) fail('NO_PERMISSION');
  const [json] = ticketsJson(ctx.world, [ticket], { full: true, staffViewer: caller.kind === 'staff' });
  return json;
};

const seen: Handler = (ctx) => {
  tickets.seen(ctx.world, requireUser(ctx), ctx.params.get('ticketNumber'));
  return null;
};

const close: Handler = (ctx) => {
  tickets.close(ctx.world, requireUser(ctx), ctx.params.get('ticketNumber'));
  return null;
};

const reopen: Handler = (ctx) => {
  tickets.reopen(ctx.world, requireUser(ctx), ctx.params.get('ticketNumber'));
  return null;
};

const changeDepartment: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  tickets.changeDepartment(ctx.world, caller, ctx.params.get('ticketNumber'), ctx.params.get('departmentId'));
  return null;
};

const editTitle: Handler = (ctx) => {
  const caller = requireUser(ctx);
  tickets.editTitle(ctx.world, caller, ctx.params.get('ticketNumber'), ctx.params.get('title'));
  return null;
};

const editComment: Handler = (ctx) => {
  const caller = requireUser(ctx);
  const p = ctx.params;
  tickets.editComment(ctx.world, caller, { content: p.get('content'), ticketNumber: p.get('ticketNumber'), ticketEventId: p.get('ticketEventId') });
  return null;
};

const addTag: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  tickets.addTag(ctx.world, caller, ctx.params.get('ticketNumber'), ctx.params.get('tagId'));
  return null;
};

const removeTag: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  tickets.removeTag(ctx.world, caller, ctx.params.get('ticketNumber'), ctx.params.get('tagId'));
  return null;
};

const getCustomResponses: Handler = (ctx) => {
  requireStaff(ctx, 1);
  return ctx.world.repo.all<CustomResponseRow>('SELECT * FROM custom_response ORDER BY id').map(customResponseJson);
};

const addCustomResponse: Handler = (ctx) => {
  requireStaff(ctx, 2);
  const p = ctx.params;
  const name = p.get('name');
  // The server reports a bad custom-response name as INVALID_TITLE (§6.16-12).
  if (!validLength(name, 1, 200)) fail('INVALID_TITLE');
  const content = p.get('content');
  if (!validContent(content)) fail('INVALID_CONTENT');
  const language = p.get('language') ?? '';
  if (!(LANGUAGE_CODES as readonly string[]).includes(language)) fail('INVALID_LANGUAGE');
  ctx.world.repo.run('INSERT INTO custom_response (name, language, content) VALUES (?, ?, ?)', name, language, sanitizeHtml(content));
  return null;
};

const getTags: Handler = (ctx) => {
  requireStaff(ctx, 3);
  return ctx.world.repo.tags().map(tagJson);
};

const createTag: Handler = (ctx) => {
  requireStaff(ctx, 3);
  const p = ctx.params;
  const name = p.get('name');
  if (!validLength(name, 1, 200)) fail('INVALID_NAME');
  const color = p.get('color') ?? '';
  if (!/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(color)) fail('INVALID_COLOR');
  if (ctx.world.repo.get('SELECT 1 FROM tag WHERE name = ?', name)) fail('TAG_EXISTS');
  ctx.world.repo.run('INSERT INTO tag (name, color) VALUES (?, ?)', name, color);
  return null;
};

const search: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const filters = parseSearchFilters(ctx.world, ctx.params);
  const result = searchTickets(ctx.world, caller, filters);
  return { tickets: ticketsJson(ctx.world, result.rows, { full: true, staffViewer: true }), pages: result.pages, page: filters.page };
};

/** Ticket sessions for anonymous authors; only while mandatory login is off (§4.3 /ticket/check). */
const check: Handler = (ctx) => {
  const { world, params: p } = ctx;
  if (world.repo.setting('mandatory-login') === '1') fail('NO_PERMISSION');
  const ticket = tickets.findTicket(world, p.get('ticketNumber')) ?? fail('INVALID_TICKET');
  const email = (p.get('email') ?? '').toLowerCase();
  if (!validEmail(email)) fail('INVALID_EMAIL');
  const author = ticket.author_user_id === null ? undefined : world.repo.user(ticket.author_user_id);
  if (!author || author.not_registered !== 1 || author.email !== email) fail('NO_PERMISSION');
  const token = randomHex(40);
  ctx.startSession({ token, userId: String(author.id), staff: false, ticketNumber: String(ticket.ticket_number) });
  return { token, userId: String(author.id), ticketNumber: String(ticket.ticket_number) };
};

export const ticketRoutes: Record<string, Handler> = {
  '/ticket/create': create,
  '/ticket/comment': comment,
  '/ticket/get': get,
  '/ticket/seen': seen,
  '/ticket/close': close,
  '/ticket/re-open': reopen,
  '/ticket/change-department': changeDepartment,
  '/ticket/edit-title': editTitle,
  '/ticket/edit-comment': editComment,
  '/ticket/add-tag': addTag,
  '/ticket/remove-tag': removeTag,
  '/ticket/get-custom-responses': getCustomResponses,
  '/ticket/add-custom-response': addCustomResponse,
  '/ticket/get-tags': getTags,
  '/ticket/create-tag': createTag,
  '/ticket/search': search,
  '/ticket/check': check,
};
