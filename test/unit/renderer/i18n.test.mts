// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en';
import es from '../../../renderer/src/i18n/es';
import { createAppI18n, pickLocale } from '../../../renderer/src/i18n';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  const enLeaves = leaves(en);
  const esLeaves = leaves(es);

  it('English and Spanish have exactly the same keys', () => {
    expect([...esLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
    expect(enLeaves.size).toBeGreaterThan(50);
  });

  it('no message is empty, and both languages use the same placeholders', () => {
    for (const [path, text] of enLeaves) {
      expect(text.trim(), path).not.toBe('');
      expect(esLeaves.get(path)?.trim(), path).not.toBe('');
      expect(placeholders(esLeaves.get(path) ?? ''), path).toEqual(placeholders(text));
    }
  });

  it('no message holds vue-i18n syntax characters literally', () => {
    for (const [path, text] of [...enLeaves, ...esLeaves]) expect(text, path).not.toMatch(/[@|]/);
  });

  it('every message compiles and renders in both languages', () => {
    for (const locale of ['en', 'es'] as const) {
      const { t } = createAppI18n(locale).global;
      for (const path of enLeaves.keys()) {
        const out = t(path, { label: 'L', state: 's', count: 1, n: 1, url: 'u', title: 'T', host: 'h', problem: 'p' });
        expect(out, `${locale}:${path}`).not.toBe(path);
        expect(out, `${locale}:${path}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('pickLocale', () => {
  it('matches on the primary subtag and falls back to English', () => {
    expect(pickLocale(['es-MX'])).toBe('es');
    expect(pickLocale(['ES'])).toBe('es');
    expect(pickLocale(['fr-FR', 'es-ES'])).toBe('es');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});
