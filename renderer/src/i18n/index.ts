import { createI18n } from 'vue-i18n';
import en, { type MessageSchema } from './en';
import es from './es';

export const messages: Record<SupportedLocale, MessageSchema> = { en, es };
export type SupportedLocale = 'en' | 'es';
export const SUPPORTED_LOCALES: SupportedLocale[] = ['en', 'es'];

/** The first of the person's languages we have, by its primary subtag; English otherwise. */
export function pickLocale(languages: readonly string[]): SupportedLocale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const hit = SUPPORTED_LOCALES.find((l) => l === primary);
    if (hit) return hit;
  }
  return 'en';
}

export function browserLanguages(nav: Pick<Navigator, 'language' | 'languages'> = navigator): string[] {
  return [nav.language, ...(nav.languages ?? [])].filter(Boolean);
}

export function createAppI18n(locale: SupportedLocale = pickLocale(browserLanguages())) {
  return createI18n<[MessageSchema], SupportedLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
  });
}
