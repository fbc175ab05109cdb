/**
 * Drafts: what the person is writing on each ticket, saved before anything else happens to it.
 *
 * `save` is the autosave target (the renderer calls it about once a second while typing, on blur,
 * on switching ticket and on quit), so it does no network work and writes only when something
 * changed. When a draft begins, the ticket as the person sees it is recorded (`snapshotOf`, from
 * the ticket cache); the outbox compares it with the ticket at sending time.
 */
import type { AttachmentView, DraftView } from '../../contract';
import type { AppStore, AttachmentRef, Draft, TicketSnapshot } from '../store';
import { UserFacingError } from '../user-error';
import { isEmptyEditor } from '../outbox/fingerprint';
import { AttachmentFiles } from './attachment-files';

export { AttachmentFiles } from './attachment-files';

export interface TicketRef {
  helpdeskId: string;
  ticketNumber: number;
}

export interface DraftSaveInput extends TicketRef {
  html: string;
  /** true = internal note. */
  internal: boolean;
  customResponseId?: number | null;
}

/** An attachment as the contract carries it. */
export interface NewAttachment {
  name: string;
  type?: string;
  dataBase64: string;
}

export interface DraftsOptions {
  store: Pick<AppStore, 'drafts' | 'outbox' | 'helpdesks'>;
  /** The app data folder; attachments live in `<dataDir>/attachments/`. */
  dataDir: string;
  /** Defaults to the label stored with the helpdesk. */
  labelOf?: (helpdeskId: string) => string;
  /** From the ticket cache; null when the ticket is not cached. */
  ticketTitleOf?: (helpdeskId: string, ticketNumber: number) => string | null;
  /** The ticket as the person sees it now (the ticket cache), recorded when a draft begins. */
  snapshotOf?: (helpdeskId: string, ticketNumber: number) => TicketSnapshot | null;
  /** The whole list, when a draft appears, goes, or its attachments change (not on every keystroke). */
  onChanged?: (drafts: DraftView[]) => void;
  clock?: () => Date;
}

export interface Drafts {
  get(ref: TicketRef): DraftView | null;
  save(input: DraftSaveInput): DraftView;
  attach(input: TicketRef & { attachment: NewAttachment }): Promise<DraftView>;
  detach(input: TicketRef & { attachmentId: string }): Promise<DraftView>;
  discard(ref: TicketRef): Promise<{ discarded: boolean }>;
  list(): DraftView[];
  /** The attachment files (the outbox reads and removes them). */
  readonly files: AttachmentFiles;
  view(draft: Draft): DraftView;
  attachmentViews(refs: readonly AttachmentRef[]): AttachmentView[];
  /** Emits the list now (the outbox calls it after consuming or restoring a draft). */
  notifyChanged(): void;
  /** Removes attachment files nothing refers to any more (a crash mid-step, a removed helpdesk). */
  collectGarbage(): Promise<number>;
}

/** OpenSupports takes one file per comment (reference §2.8, `file`). */
const MAX_ATTACHMENTS = 1;

export function createDrafts(options: DraftsOptions): Drafts {
  const { store } = options;
  const repo = store.drafts;
  const files = new AttachmentFiles(options.dataDir);
  const clock = options.clock ?? (() => new Date());
  const labelOf = options.labelOf ?? ((id: string) => store.helpdesks.get(id)?.label ?? '');
  const titleOf = options.ticketTitleOf ?? (() => null);
  const snapshotOf = options.snapshotOf ?? (() => null);

  const attachmentViews = (refs: readonly AttachmentRef[]): AttachmentView[] =>
    refs.map((ref) => ({ id: files.idOf(ref), name: ref.name, type: ref.mimeType, size: ref.size }));

  const view = (draft: Draft): DraftView => ({
    helpdeskId: draft.helpdeskId,
    helpdeskLabel: safe(() => labelOf(draft.helpdeskId), ''),
    ticketNumber: draft.ticketNumber,
    ticketTitle: safe(() => titleOf(draft.helpdeskId, draft.ticketNumber), null),
    html: draft.content,
    internal: draft.kind === 'note',
    customResponseId: draft.customResponseId,
    attachments: attachmentViews(draft.attachments),
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  });

  const list = (): DraftView[] => repo.listAll().map(view);
  const notifyChanged = (): void => options.onChanged?.(list());

  /** A snapshot only when the draft has none yet: it describes when writing began. */
  const snapshotFor = (ref: TicketRef, existing: Draft | null): TicketSnapshot | null =>
    existing?.snapshot ?? safe(() => snapshotOf(ref.helpdeskId, ref.ticketNumber), null);

  /** What an editor with nothing in it looks like to the caller; never stored. */
  const emptyView = (input: DraftSaveInput): DraftView => {
    const at = clock().toISOString();
    return view({
      helpdeskId: input.helpdeskId,
      ticketNumber: input.ticketNumber,
      kind: input.internal ? 'note' : 'reply',
      content: input.html,
      customResponseId: input.customResponseId ?? null,
      attachments: [],
      createdAt: at,
      updatedAt: at,
      snapshot: null,
    });
  };

  const save = (input: DraftSaveInput): DraftView => {
    const existing = repo.get(input.helpdeskId, input.ticketNumber);
    const kind = input.internal ? 'note' : 'reply';
    const customResponseId = input.customResponseId ?? null;
    const attachments = existing?.attachments ?? [];
    if (attachments.length === 0 && isEmptyEditor(input.html)) {
      // Clearing the editor is discarding the draft: an empty row would only clutter the list
      // and date the next draft's start (and its collision check) too early.
      if (existing && repo.delete(input.helpdeskId, input.ticketNumber)) notifyChanged();
      return emptyView(input);
    }
    if (existing && existing.content === input.html && existing.kind === kind && existing.customResponseId === customResponseId) {
      return view(existing);
    }
    if (!existing) requireHelpdesk(input.helpdeskId);
    const saved = repo.save({
      helpdeskId: input.helpdeskId,
      ticketNumber: input.ticketNumber,
      kind,
      content: input.html,
      customResponseId,
      attachments,
      snapshot: snapshotFor(input, existing),
    });
    if (!existing) notifyChanged();
    return view(saved);
  };

  /** A draft may only begin on a helpdesk the app still has (the row would be refused anyway). */
  const requireHelpdesk = (helpdeskId: string): void => {
    if (!store.helpdesks.get(helpdeskId)) throw new UserFacingError('not-found', 'That helpdesk is no longer in Staffdesk.');
  };

  const attach = async (input: TicketRef & { attachment: NewAttachment }): Promise<DraftView> => {
    const before = repo.get(input.helpdeskId, input.ticketNumber);
    if (!before) requireHelpdesk(input.helpdeskId);
    if ((before?.attachments.length ?? 0) >= MAX_ATTACHMENTS) throw tooManyAttachments(before?.attachments[0]);
    const bytes = decodeBase64(input.attachment.dataBase64);
    const ref = await files.write(cleanFileName(input.attachment.name), input.attachment.type || 'application/octet-stream', bytes);
    try {
      // Re-read: the person kept typing while the file was written, and that text must not be undone.
      const current = repo.get(input.helpdeskId, input.ticketNumber);
      if ((current?.attachments.length ?? 0) >= MAX_ATTACHMENTS) throw tooManyAttachments(current?.attachments[0]);
      const saved = repo.save({
        helpdeskId: input.helpdeskId,
        ticketNumber: input.ticketNumber,
        kind: current?.kind ?? 'reply',
        content: current?.content ?? '',
        customResponseId: current?.customResponseId ?? null,
        attachments: [...(current?.attachments ?? []), ref],
        snapshot: snapshotFor(input, current),
      });
      notifyChanged();
      return view(saved);
    } catch (error) {
      await files.remove([ref]);
      throw error;
    } finally {
      files.settle(ref);
    }
  };

  const detach = async (input: TicketRef & { attachmentId: string }): Promise<DraftView> => {
    const current = repo.get(input.helpdeskId, input.ticketNumber);
    const ref = current?.attachments.find((a) => files.idOf(a) === input.attachmentId);
    if (!current || !ref) throw new UserFacingError('not-found', 'That attachment is no longer on this draft.');
    const remaining = current.attachments.filter((a) => a !== ref);
    let result: DraftView;
    if (remaining.length === 0 && isEmptyEditor(current.content)) {
      repo.delete(current.helpdeskId, current.ticketNumber);
      result = emptyView({ ...input, html: '', internal: current.kind === 'note', customResponseId: current.customResponseId });
    } else {
      result = view(repo.save({ ...current, attachments: remaining }));
    }
    // The row no longer refers to the file, so removing it now cannot leave a dangling reference.
    await files.remove([ref]);
    notifyChanged();
    return result;
  };

  const discard = async (ref: TicketRef): Promise<{ discarded: boolean }> => {
    const current = repo.get(ref.helpdeskId, ref.ticketNumber);
    if (!current || !repo.delete(ref.helpdeskId, ref.ticketNumber)) return { discarded: false };
    await files.remove(current.attachments);
    notifyChanged();
    return { discarded: true };
  };

  const collectGarbage = async (): Promise<number> => {
    const referenced = new Set<string>();
    for (const draft of repo.listAll()) for (const a of draft.attachments) referenced.add(files.idOf(a));
    // Delivered entries have had their files removed already; everything else still needs its bytes.
    for (const entry of store.outbox.list({ states: ['queued', 'sending', 'held', 'failed'] })) {
      for (const a of entry.attachments) referenced.add(files.idOf(a));
    }
    return files.collectGarbage(referenced);
  };

  return {
    get: (ref) => {
      const draft = repo.get(ref.helpdeskId, ref.ticketNumber);
      return draft ? view(draft) : null;
    },
    save,
    attach,
    detach,
    discard,
    list,
    files,
    view,
    attachmentViews,
    notifyChanged,
    collectGarbage,
  };
}

function tooManyAttachments(existing: AttachmentRef | undefined): UserFacingError {
  const which = existing ? ` Remove “${existing.name}” first.` : '';
  return new UserFacingError('invalid-input', `A reply can carry one attachment on OpenSupports.${which}`);
}

function decodeBase64(data: string): Uint8Array {
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new UserFacingError('invalid-input', 'The attachment could not be read (its data is damaged).');
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The name the helpdesk will see: no folders, one line, never empty. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = base.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 255);
  return cleaned || 'attachment';
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    // Display extras (label, title) come from other parts of the core; a failure there must
    // never stop a draft from being saved or shown.
    return fallback;
  }
}
