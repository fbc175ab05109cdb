/**
 * The shape of the app-wide settings on disk, their defaults, and how a patch from the renderer
 * is applied. The contract owns the patch schema; this module owns the stored form.
 */
import { z } from 'zod';
import { methodArgs, type AppSettings, type AppSettingsPatch } from '../../contract';

export const DEFAULT_SETTINGS: AppSettings = {
  pollIntervalSeconds: 20,
  notifications: { assigned: true, replies: true, statusChanges: true, newUnassigned: 'auto', sound: true },
  doNotDisturb: { enabled: false, from: '22:00', to: '07:00', days: [0, 1, 2, 3, 4, 5, 6] },
  mutedHelpdesks: [],
};

const zClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const zDays = z
  .array(z.number().int().min(0).max(6))
  .max(7)
  .transform((days) => normalizeDays(days));

/** Strict form: what a correctly written value looks like. */
export const zStoredSettings = z.object({
  pollIntervalSeconds: z.number().int().min(5).max(3600),
  notifications: z.object({
    assigned: z.boolean(),
    replies: z.boolean(),
    statusChanges: z.boolean(),
    newUnassigned: z.enum(['auto', 'on', 'off']),
    sound: z.boolean(),
  }),
  doNotDisturb: z.object({ enabled: z.boolean(), from: zClock, to: zClock, days: zDays }),
  mutedHelpdesks: z.array(z.string().min(1)).max(100),
});

const d = DEFAULT_SETTINGS;
/**
 * Lenient form for reading: a field that is missing (written by an older build) or damaged falls
 * back to its default while every readable choice is kept, so one bad value never costs the person
 * all their other settings.
 */
const zLenientSettings = z.object({
  pollIntervalSeconds: zStoredSettings.shape.pollIntervalSeconds.catch(d.pollIntervalSeconds),
  notifications: z
    .object({
      assigned: z.boolean().catch(d.notifications.assigned),
      replies: z.boolean().catch(d.notifications.replies),
      statusChanges: z.boolean().catch(d.notifications.statusChanges),
      newUnassigned: z.enum(['auto', 'on', 'off']).catch(d.notifications.newUnassigned),
      sound: z.boolean().catch(d.notifications.sound),
    })
    .catch({ ...d.notifications }),
  doNotDisturb: z
    .object({
      enabled: z.boolean().catch(d.doNotDisturb.enabled),
      from: zClock.catch(d.doNotDisturb.from),
      to: zClock.catch(d.doNotDisturb.to),
      days: zDays.catch([...d.doNotDisturb.days]),
    })
    .catch({ ...d.doNotDisturb, days: [...d.doNotDisturb.days] }),
  mutedHelpdesks: z
    .array(z.string().min(1))
    .max(100)
    .transform((ids) => [...new Set(ids)])
    .catch([]),
});

export interface ReadResult {
  settings: AppSettings;
  /** A sentence when part of the stored value could not be used, else null. */
  problem: string | null;
}

/** Reads a stored value; never throws. */
export function readSettings(raw: unknown): ReadResult {
  if (raw === null || raw === undefined) return { settings: cloneSettings(DEFAULT_SETTINGS), problem: null };
  const strict = zStoredSettings.safeParse(raw);
  if (strict.success) return { settings: { ...strict.data, mutedHelpdesks: [...new Set(strict.data.mutedHelpdesks)] }, problem: null };
  const lenient = zLenientSettings.safeParse(typeof raw === 'object' ? raw : {});
  const fields = [...new Set(strict.error.issues.map((i) => i.path.map(String).join('.') || 'settings'))].join(', ');
  return {
    settings: lenient.success ? lenient.data : cloneSettings(DEFAULT_SETTINGS),
    problem: `Some saved settings could not be read and were reset to their defaults (${fields}).`,
  };
}

/** Validates a patch exactly as the contract does for `settings:set`. Throws ZodError when it is not valid. */
export function parsePatch(input: unknown): AppSettingsPatch {
  const [patch] = methodArgs['settings:set'].parse([input]);
  return patch;
}

/** Deep merge: only the fields present in the patch change. */
export function applyPatch(current: AppSettings, patch: AppSettingsPatch): AppSettings {
  const n = patch.notifications ?? {};
  const dnd = patch.doNotDisturb ?? {};
  return {
    pollIntervalSeconds: patch.pollIntervalSeconds ?? current.pollIntervalSeconds,
    notifications: {
      assigned: n.assigned ?? current.notifications.assigned,
      replies: n.replies ?? current.notifications.replies,
      statusChanges: n.statusChanges ?? current.notifications.statusChanges,
      newUnassigned: n.newUnassigned ?? current.notifications.newUnassigned,
      sound: n.sound ?? current.notifications.sound,
    },
    doNotDisturb: {
      enabled: dnd.enabled ?? current.doNotDisturb.enabled,
      from: dnd.from ?? current.doNotDisturb.from,
      to: dnd.to ?? current.doNotDisturb.to,
      days: normalizeDays(dnd.days ?? current.doNotDisturb.days),
    },
    mutedHelpdesks: [...new Set(patch.mutedHelpdesks ?? current.mutedHelpdesks)],
  };
}

export function cloneSettings(s: AppSettings): AppSettings {
  return {
    pollIntervalSeconds: s.pollIntervalSeconds,
    notifications: { ...s.notifications },
    doNotDisturb: { ...s.doNotDisturb, days: [...s.doNotDisturb.days] },
    mutedHelpdesks: [...s.mutedHelpdesks],
  };
}

function normalizeDays(days: readonly number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}
