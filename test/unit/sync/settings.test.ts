import { describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { DEFAULT_SETTINGS, SETTINGS_KEY, applyPatch, createSettingsService, readSettings } from '../../../electron/core/settings';
import { useStores, useTempDirs } from '../store/helpers';

const tempDir = useTempDirs();
const openStore = useStores();

describe('settings service', () => {
  it('starts from the documented defaults on an empty store', () => {
    const store = openStore(tempDir());
    const settings = createSettingsService({ store: store.settings }).get();
    expect(settings).toEqual({
      pollIntervalSeconds: 20,
      notifications: { assigned: true, replies: true, statusChanges: true, newUnassigned: 'auto', sound: true },
      doNotDisturb: { enabled: false, from: '22:00', to: '07:00', days: [0, 1, 2, 3, 4, 5, 6] },
      mutedHelpdesks: [],
    });
  });

  it('merges a patch deeply, saves it, and a new service on the same data dir reads it back', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const service = createSettingsService({ store: store.settings });
    const result = service.set({ notifications: { sound: false }, doNotDisturb: { enabled: true, days: [5, 1, 5] } });
    expect(result.notifications).toEqual({ ...DEFAULT_SETTINGS.notifications, sound: false });
    expect(result.doNotDisturb).toEqual({ enabled: true, from: '22:00', to: '07:00', days: [1, 5] });
    store.close();
    const again = createSettingsService({ store: openStore(dir).settings });
    expect(again.get()).toEqual(result);
  });

  it('tells listeners synchronously, before set returns', () => {
    const store = openStore(tempDir());
    const service = createSettingsService({ store: store.settings });
    const seen: number[] = [];
    const unsubscribe = service.subscribe((s) => seen.push(s.pollIntervalSeconds));
    service.set({ pollIntervalSeconds: 5 });
    expect(seen).toEqual([5]);
    unsubscribe();
    service.set({ pollIntervalSeconds: 30 });
    expect(seen).toEqual([5]);
  });

  it('refuses an invalid patch and keeps the previous value', () => {
    const store = openStore(tempDir());
    const service = createSettingsService({ store: store.settings });
    const listener = vi.fn();
    service.subscribe(listener);
    expect(() => service.set({ pollIntervalSeconds: 1 })).toThrow(ZodError);
    expect(() => service.set({ doNotDisturb: { from: '25:00' } })).toThrow(ZodError);
    expect(() => service.set({ surprise: true } as never)).toThrow(ZodError);
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    expect(listener).not.toHaveBeenCalled();
  });

  it('a listener that throws neither undoes the change nor stops the other listeners', () => {
    const store = openStore(tempDir());
    const log = vi.fn();
    const service = createSettingsService({ store: store.settings, log });
    const second = vi.fn();
    service.subscribe(() => {
      throw new Error('window closed');
    });
    service.subscribe(second);
    expect(service.set({ mutedHelpdesks: [] }).mutedHelpdesks).toEqual([]);
    expect(second).toHaveBeenCalledOnce();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('window closed'));
  });

  it('hands out copies: changing a returned object changes nothing inside', () => {
    const store = openStore(tempDir());
    const service = createSettingsService({ store: store.settings });
    const copy = service.get();
    copy.doNotDisturb.days.push(9);
    copy.mutedHelpdesks.push('x');
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every readable choice of a partly damaged stored value and says so', () => {
    const store = openStore(tempDir());
    store.settings.set(SETTINGS_KEY, {
      pollIntervalSeconds: 2,
      notifications: { assigned: false, replies: 'yes', statusChanges: true, newUnassigned: 'on', sound: true },
      doNotDisturb: { enabled: true, from: '23:00', to: '06:30', days: [6, 0] },
      mutedHelpdesks: ['a', 'a'],
    });
    const service = createSettingsService({ store: store.settings });
    expect(service.get()).toEqual({
      pollIntervalSeconds: 20,
      notifications: { assigned: false, replies: true, statusChanges: true, newUnassigned: 'on', sound: true },
      doNotDisturb: { enabled: true, from: '23:00', to: '06:30', days: [0, 6] },
      mutedHelpdesks: ['a'],
    });
    expect(service.problem).toMatch(/pollIntervalSeconds.*notifications\.replies/);
  });

  it('falls back to the defaults when the stored row is not JSON', () => {
    const store = openStore(tempDir());
    store.db.pragma('ignore_check_constraints = ON');
    store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, 'not json', '2026-01-01T00:00:00.000Z')").run(SETTINGS_KEY);
    const service = createSettingsService({ store: store.settings });
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    expect(service.problem).toMatch(/could not be read/);
    service.set({ pollIntervalSeconds: 60 });
    expect(service.problem).toBeNull();
  });
});

describe('readSettings and applyPatch', () => {
  it('fills fields a previous build did not write', () => {
    const { settings, problem } = readSettings({ pollIntervalSeconds: 45 });
    expect(settings.pollIntervalSeconds).toBe(45);
    expect(settings.notifications).toEqual(DEFAULT_SETTINGS.notifications);
    expect(problem).not.toBeNull();
  });

  it('replaces lists instead of appending to them', () => {
    const muted = applyPatch({ ...DEFAULT_SETTINGS, mutedHelpdesks: ['a', 'b'] }, { mutedHelpdesks: ['c'] });
    expect(muted.mutedHelpdesks).toEqual(['c']);
    expect(applyPatch(muted, {}).mutedHelpdesks).toEqual(['c']);
  });
});
