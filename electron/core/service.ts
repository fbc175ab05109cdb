import type { ServiceMethods } from './dispatch';
import type { HelpdeskRegistry } from './instances/registry';
import type { CredentialVault } from './instances/vault';
import type { TicketsFeature } from './tickets';
import type { Drafts } from './drafts';
import { draftAndOutboxMethods, type Outbox } from './outbox';
import { UserFacingError } from './user-error';

export interface ServiceDeps {
  registry: HelpdeskRegistry;
  vault: CredentialVault;
  appVersion: string;
  storeNotice: string | null;
  tickets: TicketsFeature;
  drafts: Drafts;
  outbox: Outbox;
}

/** Implements the contract by composing the core's parts. One method per contract entry. */
export function createService(deps: ServiceDeps): ServiceMethods {
  const { registry, tickets, drafts, outbox } = deps;
  const afterSignIn = <T extends { id: string; state: string }>(view: T): T => {
    // A helpdesk that is back: whatever waits in its outbox can go now.
    if (view.state === 'online') outbox.onConnectivity(view.id, 'online');
    return view;
  };
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
    'helpdesks:signIn': async ({ id, ...input }) => afterSignIn(await registry.signIn(id, input)),
    'helpdesks:signOut': ({ id }) => registry.signOut(id),
    'helpdesks:rename': async ({ id, label }) => registry.rename(id, label),
    'helpdesks:remove': async ({ id }) => {
      const removed = await registry.remove(id);
      tickets.forget(id);
      // The rows went with the helpdesk; the attachment files they pointed at go now.
      await drafts.collectGarbage();
      return removed;
    },
    'helpdesks:reconnect': async ({ id }) => afterSignIn(await registry.restore(id)),

    'helpdesk:meta': ({ helpdeskId }) => tickets.meta.get(helpdeskId),
    'queue:open': (request) => queues.open(request),
    'queue:loadMore': (request) => queues.loadMore(request),
    'queue:allHelpdesks': () => queues.allHelpdesks(),
    'ticket:open': (ref) => tickets.tickets.open(ref),
    // A direct post for callers that handle the answer themselves; the reply box goes through
    // drafts and `reply:send`, which is what makes a reply exactly-once across network faults.
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
    ...draftAndOutboxMethods({ drafts, outbox }),
  };
}

function notYet(feature: string): () => Promise<never> {
  return async () => {
    throw new UserFacingError('internal', `${feature} is not available in this build yet.`, 'NOT_IMPLEMENTED');
  };
}
