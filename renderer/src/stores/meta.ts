import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { HelpdeskMeta, StaffMemberView, TagView } from '../../../electron/contract';
import { useBridge } from '../bridge';

/**
 * What each helpdesk knows about itself: the signed-in agent, departments, tags, staff, custom
 * responses, the attachment limit and queue counts. Loaded once per helpdesk and refreshed on demand.
 */
export const useMetaStore = defineStore('meta', () => {
  const api = useBridge().api;
  const byHelpdesk = ref<Record<string, HelpdeskMeta>>({});
  const errors = shallowRef<Record<string, unknown>>({});
  const inFlight = new Map<string, Promise<HelpdeskMeta | null>>();
  let unsubscribe: (() => void) | null = null;

  /** The core reloads meta and recounts queues in the background and says so. */
  function start(): void {
    unsubscribe ??= api.on('meta:changed', (meta) => {
      byHelpdesk.value = { ...byHelpdesk.value, [meta.helpdeskId]: meta };
    });
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  function of(helpdeskId: string | null | undefined): HelpdeskMeta | null {
    return helpdeskId ? (byHelpdesk.value[helpdeskId] ?? null) : null;
  }

  /** Shares one request between everyone asking at once; `force` asks again even when known. */
  function load(helpdeskId: string, force = false): Promise<HelpdeskMeta | null> {
    const known = byHelpdesk.value[helpdeskId];
    if (known && !force) return Promise.resolve(known);
    const pending = inFlight.get(helpdeskId);
    if (pending) return pending;
    const request = api['helpdesk:meta']({ helpdeskId })
      .then((meta) => {
        byHelpdesk.value = { ...byHelpdesk.value, [helpdeskId]: meta };
        const { [helpdeskId]: _gone, ...rest } = errors.value;
        errors.value = rest;
        return meta;
      })
      .catch((error: unknown) => {
        errors.value = { ...errors.value, [helpdeskId]: error };
        return null;
      })
      .finally(() => inFlight.delete(helpdeskId));
    inFlight.set(helpdeskId, request);
    return request;
  }

  /** Who may own a ticket of this department: assigning anyone else fails on the server. */
  function staffFor(helpdeskId: string, departmentId: number): StaffMemberView[] {
    return (of(helpdeskId)?.staff ?? []).filter((s) => s.departmentIds.includes(departmentId));
  }

  function tagByName(helpdeskId: string, name: string): TagView | null {
    return of(helpdeskId)?.tags.find((t) => t.name === name) ?? null;
  }

  return { byHelpdesk, errors, start, stop, of, load, staffFor, tagByName };
});
