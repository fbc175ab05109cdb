import { vi } from 'vitest';
import { shallowRef } from 'vue';
import { createPinia, type Pinia } from 'pinia';
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import type { Component } from 'vue';
import type { AppInfo, BridgeError, EventPayloads, HelpdeskView, MethodName, MethodResults, ProbeView, StaffdeskApi } from '../../../electron/contract';
import { BRIDGE_KEY, BridgeCallError, type Bridge, type HostStatus } from '../../../renderer/src/bridge';
import { createAppI18n, type SupportedLocale } from '../../../renderer/src/i18n';

let seq = 0;
export function helpdesk(over: Partial<HelpdeskView> = {}): HelpdeskView {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    label: `Helpdesk ${seq}`,
    apiRoot: `https://help${seq}.example.com/api`,
    state: 'online',
    stateMessage: null,
    user: { name: 'Jane Doe', email: 'jane@example.com', level: 2 },
    credentialPersistence: 'keychain',
    unread: 0,
    warnings: [],
    ...over,
  };
}

export function probeOk(over: Partial<ProbeView> = {}): ProbeView {
  return { ok: true, apiRoot: 'https://help.acme.test/api', title: 'Acme Support', version: 'OpenSupports 4.x (4.11-compatible API)', warnings: [], error: null, ...over };
}

export function fail(kind: BridgeError['kind'], message: string, code?: string): BridgeCallError {
  return new BridgeCallError(kind, message, code);
}

type Handlers = { [M in MethodName]: (...args: Parameters<StaffdeskApi[M]>) => Promise<MethodResults[M]> };

/**
 * An in-memory main side: every method is a vi.fn with a sensible default that tests replace
 * with `host.fn['helpdesks:add'].mockRejectedValueOnce(...)` and the like.
 */
export class FakeHost {
  helpdesks: HelpdeskView[];
  info: AppInfo = { name: 'Staffdesk', version: '0.1.0', keychainProblem: null, storeNotice: null };
  readonly status = shallowRef<HostStatus>('connected');
  readonly everConnected = shallowRef(true);
  private listeners = new Set<(payload: HelpdeskView[]) => void>();
  readonly fn: { [M in MethodName]: ReturnType<typeof vi.fn<Handlers[M]>> };

  constructor(list: HelpdeskView[] = []) {
    this.helpdesks = list;
    const update = (id: string, change: Partial<HelpdeskView>) => {
      const found = this.helpdesks.find((h) => h.id === id);
      if (!found) return Promise.reject(fail('not-found', 'That helpdesk is not on this computer any more.'));
      Object.assign(found, change);
      return Promise.resolve({ ...found });
    };
    this.fn = {
      'app:info': vi.fn<Handlers['app:info']>(async () => ({ ...this.info })),
      'helpdesks:list': vi.fn<Handlers['helpdesks:list']>(async () => this.helpdesks.map((h) => ({ ...h }))),
      'helpdesks:probe': vi.fn<Handlers['helpdesks:probe']>(async () => probeOk()),
      'helpdesks:add': vi.fn<Handlers['helpdesks:add']>(async (input) => {
        const view = helpdesk({ label: input.label ?? 'Acme Support', apiRoot: input.url, user: { name: 'Jane Doe', email: input.email, level: 3 } });
        this.helpdesks.push(view);
        return { ...view };
      }),
      'helpdesks:signIn': vi.fn<Handlers['helpdesks:signIn']>(async (input) =>
        update(input.id, { state: 'online', stateMessage: null, user: { name: 'Jane Doe', email: input.email, level: 2 } }),
      ),
      'helpdesks:signOut': vi.fn<Handlers['helpdesks:signOut']>(async (input) =>
        update(input.id, { state: 'signed-out', stateMessage: 'You signed out.', credentialPersistence: 'none' }),
      ),
      'helpdesks:rename': vi.fn<Handlers['helpdesks:rename']>(async (input) => update(input.id, { label: input.label })),
      'helpdesks:remove': vi.fn<Handlers['helpdesks:remove']>(async (input) => {
        this.helpdesks = this.helpdesks.filter((h) => h.id !== input.id);
        return { removed: input.id };
      }),
      'helpdesks:reconnect': vi.fn<Handlers['helpdesks:reconnect']>(async (input) => update(input.id, { state: 'online', stateMessage: null })),
    };
  }

  get api(): StaffdeskApi {
    const calls: Record<string, unknown> = {
      on: <E extends keyof EventPayloads>(_event: E, listener: (payload: EventPayloads[E]) => void) => {
        const l = listener as (payload: HelpdeskView[]) => void;
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
    for (const [name, f] of Object.entries(this.fn)) calls[name] = f;
    return calls as unknown as StaffdeskApi;
  }

  get bridge(): Bridge {
    return { api: this.api, transport: 'websocket', status: this.status, everConnected: this.everConnected, close: () => undefined };
  }

  emitChanged(list: HelpdeskView[] = this.helpdesks): void {
    this.helpdesks = list;
    for (const l of this.listeners) l(list.map((h) => ({ ...h })));
  }
}

export interface Mounted {
  pinia: Pinia;
}

/** Mounts with what main.ts installs: Pinia, vue-i18n and the bridge. */
export function mountWith<C extends Component>(component: C, host: FakeHost, options: { locale?: SupportedLocale; props?: Record<string, unknown>; attach?: boolean } = {}) {
  const pinia = createPinia();
  const i18n = createAppI18n(options.locale ?? 'en');
  const mountOptions = {
    props: options.props,
    attachTo: options.attach === false ? undefined : document.body.appendChild(document.createElement('div')),
    global: { plugins: [pinia, i18n], provide: { [BRIDGE_KEY as symbol]: host.bridge } },
  } as ComponentMountingOptions<C>;
  return { wrapper: mount(component, mountOptions), pinia };
}

/** Lets every pending promise and Vue update settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
