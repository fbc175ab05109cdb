/**
 * The engine's view of the helpdesk registry. A helpdesk is pollable while it has a session
 * (online, or offline/error as reported by the engine itself, which is exactly when it must keep
 * trying); signed out or still signing in, it is not, and its poller waits to be added again.
 */
import type { HelpdeskView } from '../../contract';
import type { SyncClient, SyncSource } from './types';

/** The registry calls used (HelpdeskRegistry fits). */
export interface RegistryLike {
  list(): HelpdeskView[];
  clientOf(id: string): SyncClient & { readonly userId: string | null };
}

const POLLABLE = new Set<HelpdeskView['state']>(['online', 'offline', 'error']);

export function registrySource(registry: RegistryLike): SyncSource {
  return {
    ids: () => registry.list().filter((h) => POLLABLE.has(h.state)).map((h) => h.id),
    get(id) {
      const view = registry.list().find((h) => h.id === id);
      if (!view || !POLLABLE.has(view.state)) return null;
      const client = registry.clientOf(id);
      const staffId = Number(client.userId);
      if (client.userId === null || !Number.isInteger(staffId)) return null;
      return { id, label: view.label, client, me: { staffId, name: view.user?.name ?? null } };
    },
  };
}
