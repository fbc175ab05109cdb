import type { Database } from 'better-sqlite3';
import { openDatabase, HelpdeskRepo, SettingsRepo } from './store';
import type { HelpdeskRecord, HelpdeskRecordStore } from './instances/records';

export interface AppStore {
  helpdesks: HelpdeskRecordStore;
  settings: SettingsRepo;
  /** For the repositories later features add (ticket cache, drafts, outbox, watermarks). */
  db: Database;
  /** A sentence about local data that had to be set aside on open, or null. */
  notice: string | null;
  close(): void;
}

/** Opens the one database file in the data folder and hands out its repositories. */
export function openStore(dataDir: string): AppStore {
  const opened = openDatabase(dataDir);
  const repo = new HelpdeskRepo(opened.db);
  return {
    helpdesks: helpdeskRecords(repo),
    settings: new SettingsRepo(opened.db),
    db: opened.db,
    notice: opened.notice?.message ?? null,
    close: () => opened.close(),
  };
}

function helpdeskRecords(repo: HelpdeskRepo): HelpdeskRecordStore {
  return {
    list: () =>
      repo.list().map((h) => ({
        id: h.id,
        label: h.label,
        apiRoot: h.apiRoot,
        userEmail: h.userEmail,
        userId: h.userId,
        staffName: h.staffName,
        staffLevel: h.staffLevel,
        position: h.position,
      })),
    insert: (record) => {
      const identity = completeIdentity(record);
      if (!identity) throw new Error('A helpdesk is stored only once its sign-in identity is known.');
      repo.insert({ id: record.id, label: record.label, apiRoot: record.apiRoot, ...identity });
    },
    update: (id, patch) => {
      if (patch.label !== undefined) repo.updateLabel(id, patch.label);
      const identity = completeIdentity(patch);
      if (identity) repo.updateIdentity(id, identity);
    },
    delete: (id) => void repo.delete(id),
  };
}

function completeIdentity(r: Partial<HelpdeskRecord>) {
  if (!r.userEmail || !r.userId || !r.staffName || !r.staffLevel) return null;
  return { userEmail: r.userEmail, userId: r.userId, staffName: r.staffName, staffLevel: r.staffLevel };
}
