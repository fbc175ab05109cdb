/**
 * Do-not-disturb evaluation. The listed days are the days a quiet period *starts* on, so an
 * overnight range 22:00–07:00 on Friday also covers early Saturday morning, which is what a
 * person means by "quiet on Friday night".
 */
import type { AppSettings } from '../../contract';

export interface LocalTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Weekday and minute of `at` in `timeZone` (an IANA name), or in the machine's zone when absent. */
export function localTime(at: Date | number, timeZone?: string): LocalTime {
  const date = typeof at === 'number' ? new Date(at) : at;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS.indexOf(part('weekday'));
  const hour = Number(part('hour')) % 24;
  const minute = Number(part('minute'));
  return { weekday: weekday < 0 ? date.getDay() : weekday, minutes: hour * 60 + minute };
}

function clockMinutes(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/**
 * True while do-not-disturb silences notifications. `from === to` means a whole 24 hours from
 * that minute. Days are in the agent's local time (or `timeZone`).
 */
export function isQuietNow(settings: Pick<AppSettings, 'doNotDisturb'>, now: Date | number, timeZone?: string): boolean {
  const dnd = settings.doNotDisturb;
  if (!dnd.enabled || dnd.days.length === 0) return false;
  const from = clockMinutes(dnd.from);
  const to = clockMinutes(dnd.to);
  if (from === null || to === null) return false;
  const { weekday, minutes } = localTime(now, timeZone);
  const days = new Set(dnd.days);
  const yesterday = (weekday + 6) % 7;
  if (from < to) return days.has(weekday) && minutes >= from && minutes < to;
  // Overnight (or 24-hour) range: the part after midnight belongs to the day it started on.
  return (days.has(weekday) && minutes >= from) || (days.has(yesterday) && minutes < to);
}
