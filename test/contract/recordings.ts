import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One request/response pair recorded against a live OpenSupports 4.11 (copied verbatim from shared/). */
export interface Exchange {
  path: string;
  params: Record<string, string | number>;
  http_status: number;
  response: unknown;
  as: string;
  content_type: string;
  note?: string;
  set_cookie?: string;
  raw_body_head?: string;
  method?: 'GET' | 'POST';
}

export interface KeyedExchange extends Exchange {
  /** `file.json#index`, the name used in the replay order. */
  key: string;
}

const DIR = fileURLToPath(new URL('./recordings/', import.meta.url));

export function loadRecordings(): Map<string, KeyedExchange> {
  const out = new Map<string, KeyedExchange>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    const list = JSON.parse(readFileSync(DIR + file, 'utf8')) as Exchange[];
    list.forEach((e, i) => out.set(`${file}#${i}`, { ...e, key: `${file}#${i}` }));
  }
  return out;
}
