export function isMacPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): boolean {
  return /mac/i.test(nav.platform || nav.userAgent);
}

/**
 * The helpdesk index (0-based) a Ctrl+1..9 (or ⌘1..9 on macOS) press asks for, or null.
 * `code` is read before `key` because on layouts such as AZERTY the digit row types symbols.
 */
export function switchShortcutIndex(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, mac: boolean): number | null {
  if (event.altKey || event.shiftKey) return null;
  const modifier = event.ctrlKey || (mac && event.metaKey);
  if (!modifier) return null;
  const fromCode = /^(?:Digit|Numpad)([1-9])$/.exec(event.code ?? '');
  const digit = fromCode?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : null);
  return digit ? Number(digit) - 1 : null;
}
