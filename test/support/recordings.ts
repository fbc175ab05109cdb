import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RecordedExchange {
  file: string;
  index: number;
  path: string;
  method?: string;
  params: Record<string, unknown>;
  http_status: number;
  response: { status: string; message?: string; data: unknown } | null;
  as: string;
  content_type: string;
  note?: string;
  set_cookie?: string;
  raw_body_head?: string;
}

/** The recorded exchanges live beside the project: ../shared/opensupports-recorded. */
export const RECORDINGS_DIR = resolve(__dirname, '../../../shared/opensupports-recorded');

export function loadRecordings(): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (const file of readdirSync(RECORDINGS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const items = JSON.parse(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as Omit<RecordedExchange, 'file' | 'index'>[];
    items.forEach((item, index) => out.push({ ...item, file, index }));
  }
  return out;
}
