/**
 * The console's keyboard map, in one place: the key handler, the command palette and the
 * shortcuts dialog all read it, so what the dialog lists is what the keys do.
 */

export type Command =
  | 'next'
  | 'prev'
  | 'open'
  | 'reply'
  | 'note'
  | 'assignSelf'
  | 'close'
  | 'reopen'
  | 'search'
  | 'back'
  | 'palette'
  | 'help'
  | 'queue:mine'
  | 'queue:new'
  | 'queue:all'
  | 'queue:all-helpdesks'
  | 'settings'
  | 'addHelpdesk';

type KeyEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Single keys, matched on `key` so they follow the agent's keyboard layout. */
const LETTERS: Record<string, Command> = {
  j: 'next',
  k: 'prev',
  r: 'reply',
  n: 'note',
  a: 'assignSelf',
  c: 'close',
  '/': 'search',
  '?': 'help',
};

export interface ShortcutHelp {
  keys: string[];
  command: Command;
}

/** For the help dialog, in the order a newcomer learns them. `mod` is Ctrl or ⌘. */
export const SHORTCUT_HELP: ShortcutHelp[] = [
  { keys: ['j'], command: 'next' },
  { keys: ['k'], command: 'prev' },
  { keys: ['Enter'], command: 'open' },
  { keys: ['Esc'], command: 'back' },
  { keys: ['r'], command: 'reply' },
  { keys: ['n'], command: 'note' },
  { keys: ['a'], command: 'assignSelf' },
  { keys: ['c'], command: 'close' },
  { keys: ['/'], command: 'search' },
  { keys: ['mod', 'K'], command: 'palette' },
  { keys: ['?'], command: 'help' },
];

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

/** Whether keys typed now belong to a field: then single-letter shortcuts must stay quiet. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  // jsdom has no isContentEditable; the attribute says the same.
  if (target.closest('[contenteditable=""], [contenteditable="true"]')) return true;
  const role = target.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'searchbox';
}

/** Controls that give Enter (and Space) a meaning of their own. */
export function isInteractiveTarget(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest('button, a[href], input, select, textarea, summary, [role="button"], [role="option"], [role="menuitem"]');
}

export function isPaletteKey(event: KeyEvent & Pick<KeyboardEvent, 'code'>, mac: boolean): boolean {
  if (event.altKey || event.shiftKey) return false;
  const modifier = mac ? event.metaKey || event.ctrlKey : event.ctrlKey;
  return modifier && (event.key.toLowerCase() === 'k' || event.code === 'KeyK');
}

/**
 * The command a key press asks for, or null. Modifier chords other than the palette's belong to
 * the system and the editor; single letters only count outside text fields.
 */
export function commandFor(event: KeyEvent & Pick<KeyboardEvent, 'code' | 'target'>, mac: boolean): Command | null {
  if (isPaletteKey(event, mac)) return 'palette';
  if (event.key === 'Escape') return 'back';
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  if (event.key === 'Enter') return isInteractiveTarget(event.target) ? null : 'open';
  return LETTERS[event.key] ?? null;
}
