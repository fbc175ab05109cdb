import type { ServiceMethods } from './dispatch';
import type { HelpdeskRegistry } from './instances/registry';
import type { CredentialVault } from './instances/vault';
import type { TicketsFeature } from './tickets';
import type { Drafts } from './drafts';
import { draftAndOutboxMethods, type Outbox } from './outbox';
import type { SettingsService } from './settings';
import type { SyncEngine } from './sync';
import type { TicketDetail } from '../contract';
import { RemoteImages } from './tickets/remote-image';

export interface ServiceDeps {
  registry: HelpdeskRegistry;
  vault: CredentialVault;
  appVersion: string;
  storeNotice: string | null;
  tickets: TicketsFeature;
  drafts: Drafts;
  outbox: Outbox;
  settings: SettingsService;
  sync: SyncEngine;
}

/** Implements the contract by composing the core's parts. One method per contract entry. */
export function createService(deps: ServiceDeps): ServiceMethods {
  const { registry, tickets, drafts, outbox, settings, sync } = deps;
  const afterSignIn = <T extends { id: string; state: string }>(view: T): T => {
    // A helpdesk that is back: polling resumes, and whatever waits in its outbox can go now.
    if (view.state === 'online') {
      sync.addHelpdesk(view.id);
      outbox.onConnectivity(view.id, 'online');
    }
    return view;
  };
  // Opening a ticket marks it seen and actions change it: the unread counts follow at once.
  const observed = async (detail: Promise<TicketDetail>): Promise<TicketDetail> => {
    const value = await detail;
    const cached = tickets.cached(value.helpdeskId, value.ticketNumber);
    if (cached) sync.observeTicket(value.helpdeskId, cached);
    return value;
  };
  const { queues, actions } = tickets;
  // Only images the cached ticket itself shows may be fetched (see remote-image.ts).
  const images = new RemoteImages({ ticketOf: (helpdeskId, ticketNumber) => tickets.cached(helpdeskId, ticketNumber) });
  return {
    'app:info': async () => ({
      name: 'Staffdesk',
      version: deps.appVersion,
      keychainProblem: deps.vault.unavailableReason,
      storeNotice: deps.storeNotice,
    }),
    'helpdesks:list': async () => registry.list(),
    'helpdesks:probe': ({ url }) => registry.probe(url),
    'helpdesks:add': async (input) => afterSignIn(await registry.add(input)),
    'helpdesks:signIn': async ({ id, ...input }) => afterSignIn(await registry.signIn(id, input)),
    'helpdesks:signOut': ({ id }) => {
      sync.removeHelpdesk(id);
      return registry.signOut(id);
    },
    'helpdesks:rename': async ({ id, label }) => registry.rename(id, label),
    'helpdesks:remove': async ({ id }) => {
      sync.removeHelpdesk(id);
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
    'queue:allHelpdesks': (options) => queues.allHelpdesks(options),
    'queue:allHelpdesksLoadMore': () => queues.loadMoreAllHelpdesks(),
    'ticket:open': (ref) => observed(tickets.tickets.open(ref)),
    // A direct post for callers that handle the answer themselves; the reply box goes through
    // drafts and `reply:send`, which is what makes a reply exactly-once across network faults.
    'ticket:comment': (input) => observed(actions.comment(input)),
    'ticket:assign': (input) => observed(actions.assign(input)),
    'ticket:unassign': (ref) => observed(actions.unassign(ref)),
    'ticket:changeDepartment': (input) => observed(actions.changeDepartment(input)),
    'ticket:close': (ref) => observed(actions.close(ref)),
    'ticket:reopen': (ref) => observed(actions.reopen(ref)),
    'ticket:addTag': (input) => observed(actions.addTag(input)),
    'ticket:removeTag': (input) => observed(actions.removeTag(input)),
    'ticket:editTitle': (input) => observed(actions.editTitle(input)),
    'ticket:editComment': (input) => observed(actions.editComment(input)),
    'ticket:download': (input) => tickets.download(input),
    'customer:get': (input) => tickets.customer(input),
    'image:fetch': (input) => images.fetch(input),
    'palette:search': (input) => tickets.palette(input),

    // Settings, background sync, drafts and the outbox.
    'settings:get': async () => settings.get(),
    'settings:set': async (patch) => settings.set(patch),
    'sync:now': async ({ helpdeskId }) => ({ started: sync.pollNow(helpdeskId, { staleAfterMs: 10_000 }).started }),
    ...draftAndOutboxMethods({ drafts, outbox }),
  };
}
