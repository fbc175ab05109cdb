/**
 * App-wide settings as JSON values under string keys. The caller owns each value's shape and
 * passes its schema on read, so a value written by another build is checked, not trusted.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { StoreRowError } from './errors';
import { parseRow, systemClock, toIso, zJsonText, type Clock } from './rows';

export class SettingsRepo {
  constructor(
    private readonly db: Database,
    private readonly now: Clock = systemClock,
  ) {}

  /**
   * The stored value, or `fallback` when the key was never set. A stored value that does not
   * match `schema` throws StoreRowError instead of quietly reverting the person's choice.
   */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const text = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key);
    if (text === undefined) return fallback;
    return parseRow(zJsonText(schema), text, 'settings', `key=${key}`);
  }

  set<T>(key: string, value: T): void {
    const text = JSON.stringify(value) as string | undefined;
    // JSON.stringify(undefined) is undefined, and a function or symbol would vanish the same way.
    if (text === undefined) throw new StoreRowError('settings', `key=${key}`, ['value cannot be stored as JSON']);
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, text, toIso(this.now()));
  }

  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }
}
