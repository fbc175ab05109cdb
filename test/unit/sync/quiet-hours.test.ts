import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isQuietNow, localTime } from '../../../electron/core/settings';
import type { AppSettings } from '../../../electron/contract';

const dnd = (d: Partial<AppSettings['doNotDisturb']>): AppSettings => ({ ...DEFAULT_SETTINGS, doNotDisturb: { ...DEFAULT_SETTINGS.doNotDisturb, enabled: true, ...d } });
/** 2026-03-06 is a Friday. Times are UTC and evaluated in UTC, so the test does not depend on the machine. */
const at = (day: number, hhmm: string): Date => new Date(`2026-03-${String(day).padStart(2, '0')}T${hhmm}:00Z`);
const UTC = 'UTC';

describe('isQuietNow', () => {
  it('is never quiet when switched off', () => {
    expect(isQuietNow(DEFAULT_SETTINGS, at(6, '23:30'), UTC)).toBe(false);
  });

  it('covers an overnight range on both sides of midnight', () => {
    const s = dnd({ from: '22:00', to: '07:00' });
    expect(isQuietNow(s, at(6, '21:59'), UTC)).toBe(false);
    expect(isQuietNow(s, at(6, '22:00'), UTC)).toBe(true);
    expect(isQuietNow(s, at(7, '03:00'), UTC)).toBe(true);
    expect(isQuietNow(s, at(7, '06:59'), UTC)).toBe(true);
    expect(isQuietNow(s, at(7, '07:00'), UTC)).toBe(false);
  });

  it('gives the after-midnight part to the day the quiet period started on', () => {
    // Quiet on Friday nights only: Saturday 03:00 is quiet, Friday 03:00 (Thursday night) is not.
    const s = dnd({ from: '22:00', to: '07:00', days: [5] });
    expect(isQuietNow(s, at(7, '03:00'), UTC)).toBe(true);
    expect(isQuietNow(s, at(6, '03:00'), UTC)).toBe(false);
    expect(isQuietNow(s, at(6, '23:00'), UTC)).toBe(true);
    expect(isQuietNow(s, at(7, '23:00'), UTC)).toBe(false);
  });

  it('handles a same-day range and its days', () => {
    const s = dnd({ from: '12:00', to: '13:30', days: [1, 2, 3, 4, 5] });
    expect(isQuietNow(s, at(6, '12:45'), UTC)).toBe(true);
    expect(isQuietNow(s, at(6, '13:30'), UTC)).toBe(false);
    expect(isQuietNow(s, at(7, '12:45'), UTC)).toBe(false);
  });

  it('treats from = to as a whole day from that minute', () => {
    const s = dnd({ from: '00:00', to: '00:00', days: [0] });
    expect(isQuietNow(s, at(8, '00:00'), UTC)).toBe(true);
    expect(isQuietNow(s, at(8, '23:59'), UTC)).toBe(true);
    expect(isQuietNow(s, at(9, '00:00'), UTC)).toBe(false);
  });

  it('is never quiet with no days', () => {
    expect(isQuietNow(dnd({ days: [] }), at(6, '23:00'), UTC)).toBe(false);
  });

  it('evaluates in the given time zone', () => {
    const s = dnd({ from: '22:00', to: '07:00', days: [5] });
    // 21:30 UTC on Friday is 22:30 in Madrid (CET, UTC+1 in early March) and 16:30 in New York.
    expect(isQuietNow(s, at(6, '21:30'), 'Europe/Madrid')).toBe(true);
    expect(isQuietNow(s, at(6, '21:30'), 'America/New_York')).toBe(false);
    expect(localTime(at(7, '01:30'), 'America/New_York')).toEqual({ weekday: 5, minutes: 20 * 60 + 30 });
  });
});
