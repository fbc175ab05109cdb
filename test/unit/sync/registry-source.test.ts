import { describe, expect, it } from 'vitest';
import type { HelpdeskView } from '../../../electron/contract';
import type { HelpdeskRegistry } from '../../../electron/core/instances/registry';
import type { OpenSupportsClient } from '../../../electron/core/opensupports';
import type { SettingsService } from '../../../electron/core/settings';
import type { WatermarkRepo } from '../../../electron/core/store';
import { registrySource, type RegistryLike, type SettingsSource, type SyncClient, type WatermarkStore } from '../../../electron/core/sync';

function view(id: string, state: HelpdeskView['state']): HelpdeskView {
  return { id, label: `Desk ${id}`, apiRoot: 'https://x.test/api', state, stateMessage: null, user: { name: 'Mia Agent', email: 'm@x', level: 1 }, credentialPersistence: 'keychain', unread: 0, warnings: [] };
}

function fake(views: HelpdeskView[], userIds: Record<string, string | null>): RegistryLike {
  const never = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    list: () => views,
    clientOf: (id) => ({ userId: userIds[id] ?? null, lastEvents: never, getNewTickets: never, getMyTickets: never, getTicket: never, searchTickets: never }),
  };
}

describe('registrySource', () => {
  it('offers helpdesks with a session, including those the engine reported offline, with the agent’s identity', () => {
    const source = registrySource(
      fake([view('a', 'online'), view('b', 'offline'), view('c', 'signed-out'), view('d', 'signing-in'), view('e', 'error')], { a: '3', b: '3', c: '3', d: '3', e: '3' }),
    );
    expect(source.ids()).toEqual(['a', 'b', 'e']);
    expect(source.get('a')).toMatchObject({ id: 'a', label: 'Desk a', me: { staffId: 3, name: 'Mia Agent' } });
    expect(source.get('c')).toBeNull();
    expect(source.get('d')).toBeNull();
    expect(source.get('zzz')).toBeNull();
  });

  it('has no target while the client holds no session', () => {
    expect(registrySource(fake([view('a', 'online')], { a: null })).get('a')).toBeNull();
  });
});

describe('the real parts fit the engine’s interfaces (checked by the type checker)', () => {
  it('registry, client, settings service and watermark repo', () => {
    const registry = (r: HelpdeskRegistry): RegistryLike => r;
    const client = (c: OpenSupportsClient): SyncClient => c;
    const settings = (s: SettingsService): SettingsSource => s;
    const marks = (w: WatermarkRepo): WatermarkStore => w;
    expect([registry, client, settings, marks].every((f) => typeof f === 'function')).toBe(true);
  });
});
