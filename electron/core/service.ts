import type { ServiceMethods } from './dispatch';
import type { HelpdeskRegistry } from './instances/registry';
import type { CredentialVault } from './instances/vault';

export interface ServiceDeps {
  registry: HelpdeskRegistry;
  vault: CredentialVault;
  appVersion: string;
  storeNotice: string | null;
}

/** Implements the contract by composing the core's parts. One method per contract entry. */
export function createService(deps: ServiceDeps): ServiceMethods {
  const { registry } = deps;
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
    'helpdesks:remove': ({ id }) => registry.remove(id),
    'helpdesks:reconnect': ({ id }) => registry.restore(id),
  };
}
