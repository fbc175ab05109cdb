/**
 * The contract methods for drafts and the outbox, ready to spread into `createService`'s object:
 *   return { ...otherMethods, ...draftAndOutboxMethods({ drafts, outbox }) };
 * Arguments arrive already validated by the contract's schemas (dispatch.ts).
 */
import type { ServiceMethods } from '../dispatch';
import type { Drafts } from '../drafts';
import type { Outbox } from './outbox';

export type DraftAndOutboxMethodName = 'draft:get' | 'draft:save' | 'draft:attach' | 'draft:detach' | 'draft:discard' | 'drafts:list' | 'reply:send' | 'outbox:list' | 'outbox:resolve';

export function draftAndOutboxMethods(parts: { drafts: Drafts; outbox: Outbox }): Pick<ServiceMethods, DraftAndOutboxMethodName> {
  const { drafts, outbox } = parts;
  return {
    'draft:get': async (ref) => drafts.get(ref),
    'draft:save': async (input) => drafts.save(input),
    'draft:attach': (input) => drafts.attach(input),
    'draft:detach': (input) => drafts.detach(input),
    'draft:discard': (ref) => drafts.discard(ref),
    'drafts:list': async () => drafts.list(),
    'reply:send': ({ helpdeskId, ticketNumber }) => outbox.send(helpdeskId, ticketNumber),
    'outbox:list': async () => outbox.list(),
    'outbox:resolve': ({ id, action }) => outbox.resolve(id, action),
  };
}
