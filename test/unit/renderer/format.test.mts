// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { dayEndIso, dayStartIso, fileDisplayName, formatBytes, fullDate, regionalLocale, relativeTime } from '../../../renderer/src/format';

describe('format', () => {
  const now = Date.parse('2026-11-10T12:00:00.000Z');

  it('says how long ago in the agent language, and gives dates past a week', () => {
    expect(relativeTime('2026-11-10T11:59:40.000Z', now, 'en')).toBe('now');
    expect(relativeTime('2026-11-10T11:55:00.000Z', now, 'en')).toBe('5 min. ago');
    expect(relativeTime('2026-11-10T09:00:00.000Z', now, 'en')).toBe('3 hr. ago');
    expect(relativeTime('2026-11-09T12:00:00.000Z', now, 'en')).toBe('yesterday');
    expect(relativeTime('2026-11-09T12:00:00.000Z', now, 'es')).toBe('ayer');
    expect(relativeTime('2026-10-01T12:00:00.000Z', now, 'en')).toBe('Oct 1');
    expect(relativeTime('2025-10-01T12:00:00.000Z', now, 'en')).toBe('Oct 1, 2025');
    expect(relativeTime('garbage', now, 'en')).toBe('');
  });

  it('writes the full moment with its time zone', () => {
    expect(fullDate('2026-11-10T12:00:00.000Z', 'en')).toMatch(/November 10, 2026.*(UTC|GMT|[A-Z]{2,4})/);
  });

  it('takes the region from the system when the language matches', () => {
    expect(regionalLocale('es', ['es-MX', 'en-US'])).toBe('es-MX');
    expect(regionalLocale('en', ['de-DE'])).toBe('en');
  });

  it('strips the server prefix and hash from stored file names', () => {
    expect(fileDisplayName(`t123456_${'0a'.repeat(20)}_invoice_march.pdf`)).toBe('invoice_march.pdf');
    expect(fileDisplayName('plain.txt')).toBe('plain.txt');
  });

  it('sizes files the way people read them', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(3 * 1024 * 1024, 'en')).toBe('3 MB');
    expect(formatBytes(1536, 'es')).toBe('1,5 kB');
  });

  it('turns typed days into the first and last instant of that local day', () => {
    expect(dayStartIso('2026-11-01')).toBe(new Date(2026, 10, 1).toISOString());
    expect(dayEndIso('2026-11-01')).toBe(new Date(2026, 10, 1, 23, 59, 59, 999).toISOString());
    expect(dayStartIso('11/01/2026')).toBeUndefined();
  });
});
