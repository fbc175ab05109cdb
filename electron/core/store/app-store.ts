/**
 * The store as the core composes it: one open database and a repository per table.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { openDatabase, type OpenDatabaseOptions, type StoreNotice } from './database';
import { DraftRepo } from './draft-repo';
import { HelpdeskRepo } from './helpdesk-repo';
import { OutboxRepo } from './outbox-repo';
import { systemClock } from './rows';
import { SettingsRepo } from './settings-repo';
import { TicketCacheRepo } from './ticket-cache-repo';
import { WatermarkRepo } from './watermark-repo';

export interface AppStore {
  db: Database;
  /** The sentence to show when the previous file had to be set aside, else null. */
  notice: string | null;
  /** The same event with its kind and the path of the set-aside copy. */
  noticeDetail: StoreNotice | null;
  helpdesks: HelpdeskRepo;
  settings: SettingsRepo;
  drafts: DraftRepo;
  outbox: OutboxRepo;
  watermarks: WatermarkRepo;
  /** A ticket cache whose bodies are read back with `dataSchema`. */
  tickets<T>(dataSchema: z.ZodType<T>): TicketCacheRepo<T>;
  close(): void;
}

export function openStore(dataDir: string, options: OpenDatabaseOptions = {}): AppStore {
  const opened = openDatabase(dataDir, options);
  const now = options.now ?? systemClock;
  const { db } = opened;
  return {
    db,
    notice: opened.notice?.message ?? null,
    noticeDetail: opened.notice,
    helpdesks: new HelpdeskRepo(db, now),
    settings: new SettingsRepo(db, now),
    drafts: new DraftRepo(db, now),
    outbox: new OutboxRepo(db, now),
    watermarks: new WatermarkRepo(db, now),
    tickets: <T>(dataSchema: z.ZodType<T>) => new TicketCacheRepo<T>(db, dataSchema, now),
    close: () => opened.close(),
  };
}
