import type { ServiceMethods } from './dispatch';
import type { HelpdeskRegistry } from './instances/registry';
import type { CredentialVault } from './instances/vault';
import type { TicketsFeature } from './tickets';
import { UserFacingError } from './user-error';

export interface ServiceDeps {
  registry: HelpdeskRegistry;
  vault: CredentialVault;
  appVersion: string;
  storeNotice: string | null;
  tickets: TicketsFeature;
}

/** Implements the contract by composing the core's parts. One method per contract entry. */
export function createService(deps: ServiceDeps): ServiceMethods {
  const { registry, tickets } = deps;
  const { queues, actions } = tickets;
  return {
    'app:info': async () => ({
      name: 'Staffdesk',
      version: deps.appVersion,
      keychainProblem: deps.vault.unavailableReason,
      storeNotice: deps.storeNotice,
    }),
    'helpdesks:list': async () => registry.list(),
    'helpdesks:probe': ({ url }) => registry.probe(url),
    'helpdesks:add': (input) => registry.add(input),
    'helpdesks:signIn': ({ id, ...input }) => registry.signIn(id, input),
    'helpdesks:signOut': ({ id }) => registry.signOut(id),
    'helpdesks:rename': async ({ id, label }) => registry.rename(id, label),
    'helpdesks:remove': async ({ id }) => {
      const removed = await registry.remove(id);
      tickets.forget(id);
      return removed;
    },
    'helpdesks:reconnect': ({ id }) => registry.restore(id),

    'helpdesk:meta': ({ helpdeskId }) => tickets.meta.get(helpdeskId),
    'queue:open': (request) => queues.open(request),
    'queue:loadMore': (request) => queues.loadMore(request),
    'queue:allHelpdesks': () => queues.allHelpdesks(),
    'ticket:open': (ref) => tickets.tickets.open(ref),
    'ticket:comment': (input) => actions.comment(input),
    'ticket:assign': (input) => actions.assign(input),
    'ticket:unassign': (ref) => actions.unassign(ref),
    'ticket:changeDepartment': (input) => actions.changeDepartment(input),
    'ticket:close': (ref) => actions.close(ref),
    'ticket:reopen': (ref) => actions.reopen(ref),
    'ticket:addTag': (input) => actions.addTag(input),
    'ticket:removeTag': (input) => actions.removeTag(input),
    'ticket:editTitle': (input) => actions.editTitle(input),
    'ticket:editComment': (input) => actions.editComment(input),
    'ticket:download': (input) => tickets.download(input),
    'customer:get': (input) => tickets.customer(input),
    'palette:search': (input) => tickets.palette(input),

    // Contract entries whose features are being built elsewhere; each one replaces its line here.
    'settings:get': notYet('Settings'),
    'settings:set': notYet('Settings'),
    'sync:now': notYet('Syncing'),
    'draft:get': notYet('Drafts'),
    'draft:save': notYet('Drafts'),
    'draft:attach': notYet('Drafts'),
    'draft:detach': notYet('Drafts'),
    'draft:discard': notYet('Drafts'),
    'drafts:list': notYet('Drafts'),
    'reply:send': notYet('Sending replies'),
    'outbox:list': notYet('The outbox'),
    'outbox:resolve': notYet('The outbox'),
  };
}

function notYet(feature: string): () => Promise<never> {
  return async () => {
    throw new UserFacingError('internal', `${feature} is not available in this build yet.`, 'NOT_IMPLEMENTED');
  };
}
