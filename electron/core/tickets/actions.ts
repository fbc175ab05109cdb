/**
 * What an agent does to a ticket. Each action checks `can` first (so a refused action never reaches
 * the server), calls the client, then re-fetches only that ticket, which updates the cache, moves it
 * between queues and emits the events. Known refusals become sentences that say what happened.
 */
import type { HelpdeskMeta, TicketAction, TicketDetail } from '../../contract';
import { ApiError, NetworkError, type UploadFile } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketsContext } from './context';
import type { TicketData } from './data';
import type { MetaService } from './meta';
import { permissionsFor } from './permissions';
import type { TicketRef, TicketService } from './ticket-service';

interface ActOptions {
  /** Decide on a just-fetched copy, not the cache: for close/re-open, which the server does not guard (§6.16-10). */
  fresh?: boolean;
  /** What the ticket will look like if it cannot be read back (moved out of reach, or offline). */
  predict?: (before: TicketData) => TicketData;
  /** Names for the sentences explaining a refusal. */
  names?: { staff?: string; tag?: string; file?: string };
}

type Run = (ticket: TicketData, meta: HelpdeskMeta | null) => Promise<void>;

export interface Attachment {
  name: string;
  type: string;
  dataBase64: string;
}

export class TicketActions {
  constructor(
    private readonly ctx: TicketsContext,
    private readonly meta: MetaService,
    private readonly tickets: TicketService,
  ) {}

  comment(ref: TicketRef & { html: string; internal: boolean; attachment?: Attachment | undefined }): Promise<TicketDetail> {
    const actions: TicketAction[] = [ref.internal ? 'internalNote' : 'comment', ...(ref.attachment ? (['attach'] as const) : [])];
    return this.act(ref, actions, { names: { file: ref.attachment?.name } }, async (_ticket, meta) => {
      const file = ref.attachment ? this.upload(ref.attachment, meta) : undefined;
      await this.ctx.call(ref.helpdeskId, (c) => c.comment({ ticketNumber: ref.ticketNumber, content: ref.html, private: ref.internal, file }));
    });
  }

  assign(ref: TicketRef & { staffId?: number | undefined }): Promise<TicketDetail> {
    const { agentId } = this.meta.viewContext(ref.helpdeskId);
    // Assigning to oneself without a staff id skips the department check for a ticket one authored.
    const self = ref.staffId === undefined || ref.staffId === agentId;
    if (self) {
      return this.act(ref, ['assignSelf'], {}, async () => {
        await this.ctx.call(ref.helpdeskId, (c) => c.assignTicket(ref.ticketNumber));
      });
    }
    const staffId = ref.staffId as number;
    const target = this.meta.cached(ref.helpdeskId)?.staff.find((s) => s.id === staffId);
    const targetName = target?.name ?? `Staff member #${staffId}`;
    return this.act(ref, ['assignOther'], { names: { staff: targetName } }, async (ticket) => {
      if (target && !target.departmentIds.includes(ticket.department.id)) throw notInDepartment(targetName, ticket);
      if (ticket.owner?.id === staffId) throw new UserFacingError('conflict', `${ticket.owner.name} already owns this ticket.`, 'NOT_ALLOWED_NOW');
      if (!ticket.owner) {
        await this.ctx.call(ref.helpdeskId, (c) => c.assignTicket(ref.ticketNumber, staffId));
        return;
      }
      // The server cannot reassign: it takes un-assign then assign, two calls and two events (§6.4).
      const former = ticket.owner.name;
      await this.ctx.call(ref.helpdeskId, (c) => c.unassignTicket(ref.ticketNumber));
      try {
        await this.ctx.call(ref.helpdeskId, (c) => c.assignTicket(ref.ticketNumber, staffId));
      } catch (error) {
        const reason = await this.explain(ref, 'assignOther', error, { staff: targetName });
        const now = await this.tickets.fetch(ref).catch(() => null);
        const sentence = reason instanceof Error ? reason.message : 'the helpdesk refused it.';
        const state = now === null ? ' It may have no owner now.' : now.owner === null ? ' Nobody owns it now.' : '';
        throw new UserFacingError(
          reason instanceof UserFacingError ? reason.kind : reason instanceof NetworkError ? 'network' : 'api',
          `The ticket was unassigned from ${former}, but assigning it to ${targetName} failed: ${sentence}${state}`,
          error instanceof ApiError ? error.code : 'REASSIGN_FAILED',
        );
      }
    });
  }

  unassign(ref: TicketRef): Promise<TicketDetail> {
    return this.act(ref, ['unassign'], {}, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.unassignTicket(ref.ticketNumber));
    });
  }

  changeDepartment(ref: TicketRef & { departmentId: number }): Promise<TicketDetail> {
    const meta = this.meta.cached(ref.helpdeskId);
    const department = meta?.departments.find((d) => d.id === ref.departmentId);
    const predict = (before: TicketData): TicketData => {
      // The server drops an owner who is not in the new department (§4.3 change-department).
      const owner = before.owner && meta?.staff.find((s) => s.id === before.owner?.id);
      const ownerStays = !before.owner || !owner || owner.departmentIds.includes(ref.departmentId);
      return { ...before, department: { id: ref.departmentId, name: department?.name ?? `Department #${ref.departmentId}` }, owner: ownerStays ? before.owner : null };
    };
    return this.act(ref, ['changeDepartment'], { predict }, async (ticket) => {
      if (ticket.department.id === ref.departmentId) throw new UserFacingError('conflict', `The ticket is already in ${ticket.department.name}.`, 'SAME_DEPARTMENT');
      await this.ctx.call(ref.helpdeskId, (c) => c.changeDepartment(ref.ticketNumber, ref.departmentId));
    });
  }

  close(ref: TicketRef): Promise<TicketDetail> {
    return this.act(ref, ['close'], { fresh: true }, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.closeTicket(ref.ticketNumber));
    });
  }

  reopen(ref: TicketRef): Promise<TicketDetail> {
    return this.act(ref, ['reopen'], { fresh: true }, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.reopenTicket(ref.ticketNumber));
    });
  }

  addTag(ref: TicketRef & { tagId: number }): Promise<TicketDetail> {
    const tag = this.tagName(ref.helpdeskId, ref.tagId);
    return this.act(ref, ['tag'], { names: { tag } }, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.addTag(ref.ticketNumber, ref.tagId));
    });
  }

  removeTag(ref: TicketRef & { tagId: number }): Promise<TicketDetail> {
    const tag = this.tagName(ref.helpdeskId, ref.tagId);
    return this.act(ref, ['tag'], { names: { tag } }, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.removeTag(ref.ticketNumber, ref.tagId));
    });
  }

  editTitle(ref: TicketRef & { title: string }): Promise<TicketDetail> {
    return this.act(ref, ['editTitle'], {}, async () => {
      await this.ctx.call(ref.helpdeskId, (c) => c.editTitle(ref.ticketNumber, ref.title));
    });
  }

  /** With `eventId`: the agent's latest comment; without: the ticket's own text. */
  editComment(ref: TicketRef & { eventId?: number | undefined; html: string }): Promise<TicketDetail> {
    const action: TicketAction = ref.eventId === undefined ? 'editBody' : 'editLastComment';
    // Fresh: whether a comment is still the latest one is exactly what a stale copy gets wrong.
    return this.act(ref, [action], { fresh: true }, async (ticket) => {
      if (ref.eventId !== undefined && permissionsFor(this.meta.agent(ref.helpdeskId), ticket).editableEventId !== ref.eventId) {
        throw new UserFacingError('conflict', 'Only your own latest comment can be edited, and only while it is the latest one on the ticket.', 'NOT_ALLOWED_NOW');
      }
      await this.ctx.call(ref.helpdeskId, (c) => c.editComment({ ticketNumber: ref.ticketNumber, eventId: ref.eventId, content: ref.html }));
    });
  }

  // ── the common path ──────────────────────────────────────────────────────

  private async act(ref: TicketRef, actions: TicketAction[], options: ActOptions, run: Run): Promise<TicketDetail> {
    const { helpdeskId } = ref;
    this.ctx.registry.get(helpdeskId);
    const meta = await this.meta.ensure(helpdeskId);
    const cached = options.fresh ? null : this.ctx.cache.get(helpdeskId, ref.ticketNumber);
    let ticket = cached ?? (await this.tickets.fetch(ref));
    let refusal = this.tickets.refusal(helpdeskId, ticket, actions);
    if (refusal && cached) {
      // The cache may be behind the server: only a refusal that holds on fresh data stands.
      ticket = await this.tickets.fetch(ref);
      refusal = this.tickets.refusal(helpdeskId, ticket, actions);
    }
    if (refusal) throw refusal;
    try {
      await run(ticket, meta);
    } catch (error) {
      throw await this.explain(ref, actions[0] ?? 'comment', error, options.names ?? {});
    }
    return this.readBack(ref, ticket, options.predict);
  }

  /** The ticket after a successful action; when it cannot be read back, the best prediction of it. */
  private async readBack(ref: TicketRef, before: TicketData, predict?: (t: TicketData) => TicketData): Promise<TicketDetail> {
    try {
      return this.tickets.detail(ref.helpdeskId, await this.tickets.fetch(ref), 'fresh');
    } catch (error) {
      const predicted = predict ? predict(before) : before;
      if (error instanceof UserFacingError && error.code === 'NO_PERMISSION') {
        // Moved out of the agent's departments (by this action or someone else's): evicted already;
        // the prediction shows where it went, and `can` says the agent cannot act on it any more.
        return this.tickets.detail(ref.helpdeskId, predicted, 'stale');
      }
      if (error instanceof NetworkError) {
        this.tickets.remember(ref.helpdeskId, predicted);
        return this.tickets.detail(ref.helpdeskId, predicted, 'offline');
      }
      throw error;
    }
  }

  /** Turns a server refusal into a sentence about this ticket; other errors pass unchanged. */
  private async explain(ref: TicketRef, action: TicketAction, error: unknown, names: ActOptions['names'] & object): Promise<unknown> {
    if (!(error instanceof ApiError)) return error;
    const { helpdeskId, ticketNumber } = ref;
    const refetch = () => this.tickets.fetch(ref).catch((e: unknown) => e);
    const say = (message: string) => new UserFacingError('api', message, error.code);
    switch (error.code) {
      case 'TICKET_ALREADY_ASSIGNED': {
        const fresh = await refetch();
        const owner = isTicket(fresh) ? fresh.owner?.name : undefined;
        return say(owner ? `${owner} already owns this ticket: it was assigned a moment ago.` : 'Someone assigned this ticket a moment ago.');
      }
      case 'INVALID_DEPARTMENT': {
        this.meta.reloadSoon(helpdeskId);
        if (action === 'changeDepartment') return say('That department no longer exists on this helpdesk.');
        const cached = this.ctx.cache.get(helpdeskId, ticketNumber);
        return cached ? notInDepartment(names.staff ?? 'That person', cached) : say(`${names.staff ?? 'That person'} is not a member of the ticket’s department.`);
      }
      case 'INVALID_STAFF':
        this.meta.reloadSoon(helpdeskId);
        return say(`${names.staff ?? 'That staff member'} no longer exists on this helpdesk.`);
      case 'INVALID_TAG':
        this.meta.reloadSoon(helpdeskId);
        await refetch();
        return say(names.tag ? `The tag “${names.tag}” no longer exists, or the ticket does not have it.` : 'That tag no longer exists, or the ticket does not have it.');
      case 'TAG_EXISTS':
        await refetch();
        return say(names.tag ? `The ticket already has the tag “${names.tag}”.` : 'The ticket already has that tag.');
      case 'INVALID_FILE': {
        const limit = this.meta.cached(helpdeskId)?.maxAttachmentBytes;
        return say(
          `The helpdesk refused the file${names.file ? ` “${names.file}”` : ''}: it accepts images, PDF, text, Word, Excel and archive files${limit ? ` up to ${formatBytes(limit)}` : ''}.`,
        );
      }
      case 'INVALID_TICKET_EVENT':
        await refetch();
        return say('That comment can no longer be edited: someone commented after it, or the ticket was closed.');
      case 'TICKET_CONTENT_CANNOT_BE_EDITED':
        await refetch();
        return say('The ticket’s text can no longer be edited: it has comments now.');
      case 'INVALID_TICKET':
        this.tickets.evict(ref);
        return say(`Ticket #${ticketNumber} no longer exists.`);
      case 'NO_PERMISSION': {
        // Usually the ticket changed under us (moved to another department); the fresh copy says how.
        const fresh = await refetch();
        if (!isTicket(fresh)) return fresh instanceof UserFacingError ? fresh : error;
        return this.tickets.refusal(helpdeskId, fresh, [action]) ?? error;
      }
      default:
        return error;
    }
  }

  private upload(attachment: Attachment, meta: HelpdeskMeta | null): UploadFile {
    const data = Buffer.from(attachment.dataBase64, 'base64');
    // Checked here, before anything is sent: the server would only say INVALID_FILE, without sizes.
    if (meta && data.length > meta.maxAttachmentBytes) {
      let [size, limit] = [formatBytes(data.length), formatBytes(meta.maxAttachmentBytes)];
      // "1 MB, but up to 1 MB" would explain nothing: show the exact counts when rounding hides the difference.
      if (size === limit) [size, limit] = [`${data.length.toLocaleString('en-US')} bytes`, `${meta.maxAttachmentBytes.toLocaleString('en-US')} bytes (${limit})`];
      throw new UserFacingError('invalid-input', `“${attachment.name}” is ${size}, but this helpdesk accepts attachments up to ${limit}.`, 'ATTACHMENT_TOO_LARGE');
    }
    return { name: attachment.name, type: attachment.type, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  }

  private tagName(helpdeskId: string, tagId: number): string | undefined {
    return this.meta.cached(helpdeskId)?.tags.find((t) => t.id === tagId)?.name;
  }
}

function isTicket(value: unknown): value is TicketData {
  return typeof value === 'object' && value !== null && 'ticketNumber' in value && 'events' in value;
}

function notInDepartment(name: string, ticket: TicketData): UserFacingError {
  return new UserFacingError('api', `${name} is not a member of ${ticket.department.name}, the ticket’s department, so it cannot be assigned to them.`, 'INVALID_DEPARTMENT');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
