/**
 * Opens Staffdesk's single SQLite file and brings its schema up to date.
 *
 * A file we cannot trust is never deleted and never used: it is renamed (with its -wal and -shm)
 * to a dated `.bak` next to it, a fresh database takes its place, and the caller gets a notice to
 * show the person. That covers a damaged file and one written by a newer Staffdesk, whose schema
 * this build would misread or, worse, overwrite.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { applyMigrations, MIGRATIONS, readUserVersion, type Migration } from './migrations';
import { systemClock, type Clock } from './rows';

export const DATABASE_FILE = 'staffdesk.sqlite';

export type StoreNoticeKind = 'corrupt' | 'newer-version';

export interface StoreNotice {
  kind: StoreNoticeKind;
  /** Absolute path of the set-aside copy of the old file. */
  movedTo: string;
  /** A sentence to show the person as is. */
  message: string;
}

export interface OpenedDatabase {
  db: Database;
  /** Set when the previous file had to be set aside; null on a normal open. */
  notice: StoreNotice | null;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** Used for the `.bak` file name; injectable so tests can predict it. */
  now?: Clock;
  /** Only tests pass this, to exercise a failing or extra step. */
  migrations?: readonly Migration[];
}

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? systemClock;
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);

  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE);

  let notice: StoreNotice | null = null;
  if (existsSync(file)) {
    const problem = inspect(file, latest);
    if (problem) {
      const movedTo = setAside(file, problem, now());
      notice = { kind: problem, movedTo, message: describeNotice(problem, movedTo) };
    }
  }

  const db = new BetterSqlite3(file);
  try {
    configure(db);
    applyMigrations(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    notice,
    close: () => {
      if (db.open) db.close();
    },
  };
}

/**
 * Looks at an existing file without changing it. The connection is read-only so that closing it
 * cannot checkpoint a WAL into a file we are about to set aside: the copy must be the bytes the
 * person had, not something we rewrote.
 */
function inspect(file: string, latestVersion: number): StoreNoticeKind | null {
  try {
    return inspectWith(file, latestVersion, true);
  } catch (err) {
    // A hot rollback journal (left by a crash of a non-WAL writer) must be rolled back before the
    // file can be read at all; that is SQLite's own crash recovery and needs a writable connection.
    if (errorCode(err).startsWith('SQLITE_READONLY')) return inspectWith(file, latestVersion, false);
    throw err;
  }
}

function inspectWith(file: string, latestVersion: number, readonly: boolean): StoreNoticeKind | null {
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(file, { readonly, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return 'corrupt';
    return readUserVersion(db) > latestVersion ? 'newer-version' : null;
  } catch (err) {
    // Only damage counts: a busy or unreadable (permissions) file is not corrupt, and moving it
    // aside would lose the person's data for a transient reason.
    if (isCorruption(err)) return 'corrupt';
    throw err;
  } finally {
    db?.close();
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function isCorruption(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

function setAside(file: string, kind: StoreNoticeKind, at: Date): string {
  const stamp = formatStamp(at);
  let target = `${file}.${kind}-${stamp}.bak`;
  for (let n = 2; existsSync(target); n++) target = `${file}.${kind}-${stamp}-${n}.bak`;
  // The companions go first: a -wal or hot -journal left behind could be replayed into the fresh
  // file. They keep the "<db>-wal" naming so opening the .bak later still sees its committed tail.
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  renameSync(file, target);
  return target;
}

function formatStamp(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  // Local time: the person reads this name in their file manager.
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

function describeNotice(kind: StoreNoticeKind, movedTo: string): string {
  const unsent = 'Nothing on the helpdesks was lost; replies you had not sent yet are still in that file.';
  if (kind === 'corrupt') {
    return `Staffdesk's local data was damaged and has been set aside at ${movedTo}; your helpdesks need to be added again. ${unsent}`;
  }
  return (
    `Staffdesk's local data was written by a newer version of Staffdesk, so this version has set it aside at ${movedTo} ` +
    `and started fresh; your helpdesks need to be added again. ${unsent} ` +
    'To use that data again, install the newer version and move the file back.'
  );
}

function configure(db: Database): void {
  // First, so the pragmas below wait for a lock instead of failing.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (got "${String(mode)}")`);
  // In WAL mode NORMAL may lose the last commits on power loss; drafts and the outbox may not.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('SQLite refused to enable foreign keys');
}
