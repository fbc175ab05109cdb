import type { World } from '../world.js';

/** The 15 language codes the server knows (note the non-ISO jp, cn, in, br, gr). */
export const LANGUAGE_CODES = ['en', 'es', 'de', 'fr', 'pt', 'jp', 'ru', 'cn', 'in', 'tr', 'it', 'br', 'gr', 'nl', 'pl'] as const;

function jsonList(world: World, name: string, fallback: readonly string[]): string[] {
  const raw = world.repo.setting(name);
  if (raw === null) return [...fallback];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [...fallback];
  } catch {
    return [...fallback];
  }
}

export function supportedLanguages(world: World): string[] {
  return jsonList(world, 'supportedLanguages', ['en']);
}

export function allowedLanguages(world: World): string[] {
  return jsonList(world, 'allowedLanguages', LANGUAGE_CODES);
}

/** The settings every installed helpdesk has; seeds override some of them. */
export function defaultSettings(origin: string): Record<string, string | null> {
  return {
    language: 'en',
    'recaptcha-public': '',
    'recaptcha-private': '',
    'maintenance-mode': '0',
    layout: 'boxed',
    'allow-attachments': '0',
    'max-size': '1',
    url: origin,
    title: 'Support Center',
    'server-email': 'noreply@example.test',
    'smtp-host': null,
    'smtp-user': null,
    'imap-host': null,
    'imap-user': null,
    'imap-token': '',
    registration: '1',
    supportedLanguages: JSON.stringify(['en']),
    allowedLanguages: JSON.stringify(LANGUAGE_CODES),
    'session-prefix': 'opensupports-sim_',
    'mail-template-header-image': 'https://s3.amazonaws.com/opensupports/logo.png',
    'mandatory-login': '1',
    'default-department-id': '1',
    'default-is-locked': '0',
    'ticket-first-number': '100000',
    'ticket-gap': '1',
  };
}
