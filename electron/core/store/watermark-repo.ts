/**
 * Per-helpdesk markers of how far a feed has been seen (for example the newest activity item
 * already notified), so a restart does not repeat notifications. Values are opaque text to the
 * store; the feed's owner decides what they mean.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { parseRow, systemClock, toIso, zIsoText, type Clock } from './rows';

export interface Watermark {
  helpdeskId: string;
  feed: string;
  value: string;
  updatedAt: string;
}

const zWatermarkRow = z
  .object({ helpdesk_id: z.string(), feed: z.string(), value: z.string(), updated_at: zIsoText })
  .transform((r): Watermark => ({ helpdeskId: r.helpdesk_id, feed: r.feed, value: r.value, updatedAt: r.updated_at }));

export class WatermarkRepo {
  constructor(
    private readonly db: Database,
    private readonly now: Clock = systemClock,
  ) {}

  get(helpdeskId: string, feed: string): string | null {
    const row = this.db.prepare('SELECT * FROM watermarks WHERE helpdesk_id = ? AND feed = ?').get(helpdeskId, feed);
    return row === undefined ? null : parseRow(zWatermarkRow, row, 'watermarks', `helpdesk_id=${helpdeskId}, feed=${feed}`).value;
  }

  set(helpdeskId: string, feed: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO watermarks (helpdesk_id, feed, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(helpdesk_id, feed) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(helpdeskId, feed, value, toIso(this.now()));
  }

  /**
   * Several feeds of one helpdesk in one transaction: markers that describe one moment (a feed
   * position and the state derived from it) must never be half-written by a crash.
   */
  setMany(helpdeskId: string, values: Readonly<Record<string, string>>): void {
    const upsert = this.db.prepare(
      `INSERT INTO watermarks (helpdesk_id, feed, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(helpdesk_id, feed) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    const at = toIso(this.now());
    this.db.transaction(() => {
      for (const [feed, value] of Object.entries(values)) upsert.run(helpdeskId, feed, value, at);
    })();
  }

  list(helpdeskId: string): Watermark[] {
    const rows = this.db.prepare('SELECT * FROM watermarks WHERE helpdesk_id = ? ORDER BY feed').all(helpdeskId);
    return rows.map((row) => parseRow(zWatermarkRow, row, 'watermarks', `helpdesk_id=${helpdeskId}, feed=${String((row as { feed?: unknown }).feed)}`));
  }

  delete(helpdeskId: string, feed: string): boolean {
    return this.db.prepare('DELETE FROM watermarks WHERE helpdesk_id = ? AND feed = ?').run(helpdeskId, feed).changes > 0;
  }
}
