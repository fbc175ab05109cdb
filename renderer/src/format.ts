import { computed, onBeforeUnmount, shallowRef, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * Dates and sizes in the agent's own conventions. The words come from vue-i18n's locale; the
 * region (day/month order, 24-hour clock) from the system's language when it is a variant of the
 * same language, so an agent on es-MX sees Mexican dates in the Spanish interface.
 */

const now = shallowRef(Date.now());
let clockUsers = 0;
let clockTimer: ReturnType<typeof setInterval> | null = null;

/** One shared clock for every relative time on screen, ticking while something shows one. */
export function useNow(): Readonly<typeof now> {
  clockUsers++;
  if (!clockTimer) {
    now.value = Date.now();
    clockTimer = setInterval(() => (now.value = Date.now()), 30_000);
  }
  onBeforeUnmount(() => {
    clockUsers--;
    if (clockUsers === 0 && clockTimer) {
      clearInterval(clockTimer);
      clockTimer = null;
    }
  });
  return now;
}

export function regionalLocale(uiLocale: string, systemLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : [navigator.language, ...(navigator.languages ?? [])]): string {
  const match = systemLanguages.find((tag) => tag && tag.toLowerCase().split(/[-_]/)[0] === uiLocale);
  return match ?? uiLocale;
}

// Building an Intl formatter costs far more than using one, and a scrolling list formats many dates a frame.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d:${kind}:${locale}`, () => new Intl.DateTimeFormat(locale, options));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, nowMs: number, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const diff = at - nowMs;
  const abs = Math.abs(diff);
  const rtf = cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  if (abs < MINUTE) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  if (abs < 7 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
  const sameYear = new Date(at).getFullYear() === new Date(nowMs).getFullYear();
  return (sameYear ? dateFormat(locale, 'day', { month: 'short', day: 'numeric' }) : dateFormat(locale, 'dayYear', { year: 'numeric', month: 'short', day: 'numeric' })).format(at);
}

/** The whole moment, with the time zone named, for hover text and screen readers. */
export function fullDate(iso: string, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  return dateFormat(locale, 'full', {
    weekday: 'short',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

export function shortDate(iso: string, locale: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : dateFormat(locale, 'medium', { dateStyle: 'medium' }).format(at);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value);
}

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** `t123456_<40 hex>_invoice.pdf` → `invoice.pdf`: the server's prefix and hash mean nothing to a person. */
export function fileDisplayName(stored: string): string {
  const m = /^(?:[a-z]?\d*_)?[0-9a-f]{40}_(.+)$/i.exec(stored);
  return m?.[1] ?? stored;
}

/** A calendar day typed in a date field, as the first or last instant of that day where the agent is. */
export function dayStartIso(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0).toISOString();
}

export function dayEndIso(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999).toISOString();
}

export interface Formatters {
  locale: ComputedRef<string>;
  relative: (iso: string) => string;
  full: (iso: string) => string;
  short: (iso: string) => string;
  bytes: (n: number) => string;
  language: (code: string) => string;
}

/** For components: formatters bound to the current locale and the shared clock. */
export function useFormat(): Formatters {
  const { locale: uiLocale } = useI18n();
  const clock = useNow();
  const locale = computed(() => regionalLocale(uiLocale.value));
  return {
    locale,
    relative: (iso) => relativeTime(iso, clock.value, locale.value),
    full: (iso) => fullDate(iso, locale.value),
    short: (iso) => shortDate(iso, locale.value),
    bytes: (n) => formatBytes(n, locale.value),
    language: (code) => languageName(code, locale.value),
  };
}

/** A line of plain text from helpdesk or editor HTML, for lists. DOMParser runs no scripts and loads nothing. */
export function plainExcerpt(html: string, max = 140): string {
  const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
