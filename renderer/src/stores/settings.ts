import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { AppSettings, AppSettingsPatch } from '../../../electron/contract';
import { useBridge } from '../bridge';

/** What a patch does to settings already known, so a toggle moves the moment it is clicked. */
export function applyPatch(s: AppSettings, patch: AppSettingsPatch): AppSettings {
  return {
    pollIntervalSeconds: patch.pollIntervalSeconds ?? s.pollIntervalSeconds,
    notifications: { ...s.notifications, ...patch.notifications },
    doNotDisturb: { ...s.doNotDisturb, ...patch.doNotDisturb },
    mutedHelpdesks: patch.mutedHelpdesks ?? s.mutedHelpdesks,
  };
}

/** App-wide settings: saved on every change (no Save button) and kept current from the main side. */
export const useSettingsStore = defineStore('settings', () => {
  const api = useBridge().api;
  const settings = ref<AppSettings | null>(null);
  const loadError = shallowRef<unknown>(null);
  const saveError = shallowRef<unknown>(null);
  let unsubscribe: (() => void) | null = null;
  /** Changes answer in order; only the newest answer is allowed to overwrite what is shown. */
  let seq = 0;

  function start(): void {
    unsubscribe ??= api.on('settings:changed', (s) => (settings.value = s));
    if (!settings.value) void load();
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      settings.value = await api['settings:get']();
    } catch (error) {
      loadError.value = error;
    }
  }

  async function set(patch: AppSettingsPatch): Promise<boolean> {
    const before = settings.value;
    if (before) settings.value = applyPatch(before, patch);
    saveError.value = null;
    const mine = ++seq;
    try {
      const saved = await api['settings:set'](patch);
      if (mine === seq) settings.value = saved;
      return true;
    } catch (error) {
      if (mine === seq) {
        settings.value = before;
        saveError.value = error;
      }
      return false;
    }
  }

  function isMuted(helpdeskId: string): boolean {
    return !!settings.value?.mutedHelpdesks.includes(helpdeskId);
  }

  function setMuted(helpdeskId: string, muted: boolean): Promise<boolean> {
    const list = settings.value?.mutedHelpdesks ?? [];
    const next = muted ? [...new Set([...list, helpdeskId])] : list.filter((id) => id !== helpdeskId);
    return set({ mutedHelpdesks: next });
  }

  return { settings, loadError, saveError, start, stop, load, set, isMuted, setMuted };
});
