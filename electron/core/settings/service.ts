/**
 * The settings service: one current value, kept in the store's settings table, and listeners
 * told synchronously on every change so the sync engine applies a new interval or quiet hours
 * before the next poll, not after it.
 */
import { z } from 'zod';
import type { AppSettings, AppSettingsPatch } from '../../contract';
import { applyPatch, cloneSettings, parsePatch, readSettings } from './schema';

export const SETTINGS_KEY = 'app.settings';

/** What the service needs from the store (the SettingsRepo fits). */
export interface SettingsStore {
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T;
  set<T>(key: string, value: T): void;
}

const zAnything: z.ZodType<unknown> = z.unknown();

export type SettingsListener = (settings: AppSettings) => void;

export interface SettingsService {
  /** A copy of the current settings. */
  get(): AppSettings;
  /** Validates and applies a patch, saves it, tells every listener, and returns the result. */
  set(patch: AppSettingsPatch): AppSettings;
  subscribe(listener: SettingsListener): () => void;
  /** Why the saved settings could not be read in full at start-up, else null. */
  readonly problem: string | null;
}

export interface SettingsServiceOptions {
  store: SettingsStore;
  log?: (line: string) => void;
}

export function createSettingsService(options: SettingsServiceOptions): SettingsService {
  const log = options.log ?? (() => undefined);
  let raw: unknown = null;
  let problem: string | null = null;
  try {
    raw = options.store.get<unknown>(SETTINGS_KEY, zAnything, null);
  } catch (error) {
    // Not JSON at all: start from defaults, and keep the bad row until the person saves over it.
    problem = 'The saved settings could not be read and the defaults are in use.';
    log(`settings: ${error instanceof Error ? error.message : String(error)}`);
  }
  const read = readSettings(raw);
  let current = read.settings;
  problem ??= read.problem;
  if (read.problem) log(`settings: ${read.problem}`);
  const listeners = new Set<SettingsListener>();

  return {
    get: () => cloneSettings(current),
    set(patch) {
      const next = applyPatch(current, parsePatch(patch));
      options.store.set(SETTINGS_KEY, next);
      current = next;
      problem = null;
      for (const listener of listeners) {
        try {
          listener(cloneSettings(next));
        } catch (error) {
          // A failing listener must not undo a saved choice or starve the other listeners.
          log(`settings listener failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return cloneSettings(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get problem() {
      return problem;
    },
  };
}
