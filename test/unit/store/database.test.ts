import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DATABASE_FILE, LATEST_VERSION, MigrationError, MIGRATIONS, openDatabase, readUserVersion, type Migration } from '../../../electron/core/store';
import { helpdeskInput, useStores, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const openStore = useStores();

// 2026-03-04 05:06:07 local time: the .bak name uses local time because a person reads it.
const FIXED = new Date(2026, 2, 4, 5, 6, 7);
const STAMP = '20260304-050607';

function tableNames(db: BetterSqlite3.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

describe('openDatabase', () => {
  it('creates the file and runs every migration on an empty folder', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const opened = openDatabase(dir);
    try {
      expect(existsSync(join(dir, DATABASE_FILE))).toBe(true);
      expect(opened.notice).toBeNull();
      expect(readUserVersion(opened.db)).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBe(MIGRATIONS.length);
      expect(tableNames(opened.db)).toEqual(['drafts', 'helpdesks', 'outbox', 'queue_entries', 'settings', 'tickets', 'watermarks']);
    } finally {
      opened.close();
    }
  });

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on every open', () => {
    const dir = tempDir();
    for (let i = 0; i < 2; i++) {
      const { db, close } = openDatabase(dir);
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      } finally {
        close();
      }
    }
  });

  it('keeps data across a reopen and does not re-run migrations', () => {
    const dir = tempDir();
    const first = openStore(dir);
    const added = first.helpdesks.insert(helpdeskInput());
    first.settings.set('theme', 'dark');
    first.close();

    const second = openStore(dir);
    expect(second.noticeDetail).toBeNull();
    expect(second.helpdesks.list()).toEqual([added]);
    expect(second.settings.get('theme', z.string(), 'light')).toBe('dark');
  });

  it('moves a garbage file aside byte for byte and starts fresh, with a notice a person can act on', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31 + 7) % 256));
    writeFileSync(file, garbage);

    const opened = openDatabase(dir, { now: () => FIXED });
    try {
      const movedTo = join(dir, `${DATABASE_FILE}.corrupt-${STAMP}.bak`);
      expect(opened.notice).toEqual({ kind: 'corrupt', movedTo, message: expect.any(String) });
      expect(opened.notice?.message).toContain(movedTo);
      expect(opened.notice?.message).toMatch(/damaged/);
      expect(opened.notice?.message).toMatch(/added again/);
      expect(opened.notice?.message).toMatch(/Nothing on the helpdesks was lost/);
      expect(readFileSync(movedTo).equals(garbage)).toBe(true);
      // The fresh database is usable and at the current version.
      expect(readUserVersion(opened.db)).toBe(LATEST_VERSION);
      expect(tableNames(opened.db)).toContain('drafts');
    } finally {
      opened.close();
    }
  });

  it('still checks (and sets aside) a damaged file that has a leftover rollback journal next to it', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    const garbage = Buffer.alloc(8192, 7);
    writeFileSync(file, garbage);
    writeFileSync(`${file}-journal`, 'leftover journal');
    const opened = openDatabase(dir, { now: () => FIXED });
    try {
      expect(opened.notice?.kind).toBe('corrupt');
      expect(readFileSync(opened.notice?.movedTo ?? '').equals(garbage)).toBe(true);
      // SQLite's hot-journal recovery consumed the invalid journal; nothing stale is next to the fresh file.
      expect(existsSync(`${file}-journal`)).toBe(false);
      expect(readUserVersion(opened.db)).toBe(LATEST_VERSION);
    } finally {
      opened.close();
    }
  });

  it('treats a truncated database as corrupt', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    const store = openStore(dir);
    const ids = Array.from({ length: 200 }, (_, i) => store.helpdesks.insert(helpdeskInput({ label: `desk ${i} ${'x'.repeat(500)}` })).id);
    expect(ids).toHaveLength(200);
    store.close();
    const whole = readFileSync(file);
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    writeFileSync(file, half);

    const opened = openDatabase(dir, { now: () => FIXED });
    try {
      expect(opened.notice?.kind).toBe('corrupt');
      expect(readFileSync(opened.notice?.movedTo ?? '').equals(half)).toBe(true);
    } finally {
      opened.close();
    }
  });

  it('sets aside a file from a newer Staffdesk (user_version 999) together with its -wal, instead of using it', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    // A "newer build" left a committed row in its WAL (not yet checkpointed) when it stopped.
    const newer = new BetterSqlite3(file);
    newer.pragma('journal_mode = WAL');
    newer.pragma('wal_autocheckpoint = 0');
    newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept')");
    newer.pragma('user_version = 999');
    const walCopy = readFileSync(`${file}-wal`);
    const mainCopy = readFileSync(file);
    // Copy the files as they are while open, which is what a crash leaves behind.
    const crashDir = tempDir();
    writeFileSync(join(crashDir, DATABASE_FILE), mainCopy);
    writeFileSync(join(crashDir, `${DATABASE_FILE}-wal`), walCopy);
    newer.close();

    const opened = openDatabase(crashDir, { now: () => FIXED });
    try {
      const movedTo = join(crashDir, `${DATABASE_FILE}.newer-version-${STAMP}.bak`);
      expect(opened.notice?.kind).toBe('newer-version');
      expect(opened.notice?.movedTo).toBe(movedTo);
      expect(opened.notice?.message).toMatch(/newer version of Staffdesk/);
      expect(opened.notice?.message).toContain(movedTo);
      expect(readFileSync(movedTo).equals(mainCopy)).toBe(true);
      expect(readFileSync(`${movedTo}-wal`).equals(walCopy)).toBe(true);
      expect(tableNames(opened.db)).not.toContain('future');
    } finally {
      opened.close();
    }
    // The set-aside copy still opens, with the WAL's committed row and its version intact.
    const back = new BetterSqlite3(join(crashDir, `${DATABASE_FILE}.newer-version-${STAMP}.bak`), { readonly: true });
    try {
      expect(readUserVersion(back)).toBe(999);
      expect(back.prepare('SELECT x FROM future').pluck().get()).toBe('kept');
    } finally {
      back.close();
    }
  });

  it('never overwrites an earlier set-aside copy made in the same second', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE);
    const moved: string[] = [];
    for (const content of ['first garbage', 'second garbage']) {
      writeFileSync(file, content.repeat(300));
      const opened = openDatabase(dir, { now: () => FIXED });
      moved.push(opened.notice?.movedTo ?? '');
      opened.close();
      // Drop the fresh file so the next round starts from garbage again.
      writeFileSync(file, '');
    }
    expect(moved[0]).not.toBe(moved[1]);
    expect(readFileSync(moved[0] ?? '', 'utf8')).toBe('first garbage'.repeat(300));
    expect(readFileSync(moved[1] ?? '', 'utf8')).toBe('second garbage'.repeat(300));
  });

  it('opens an empty (zero-byte) file as a new database without a notice', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DATABASE_FILE), '');
    const opened = openDatabase(dir);
    try {
      expect(opened.notice).toBeNull();
      expect(readUserVersion(opened.db)).toBe(LATEST_VERSION);
    } finally {
      opened.close();
    }
  });

  it('does not move aside a file it cannot open for reasons other than damage', () => {
    const dir = tempDir();
    // A folder where the file should be: SQLite cannot open it, but nothing is corrupt.
    mkdirSync(join(dir, DATABASE_FILE));
    expect(() => openDatabase(dir)).toThrow();
    expect(readdirSync(dir)).toEqual([DATABASE_FILE]);
  });

  it('rolls back a failing migration, leaves the version where it was and reports which step failed', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        up(db) {
          db.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(dir, { migrations: broken })).toThrow(MigrationError);
    expect(() => openDatabase(dir, { migrations: broken })).toThrow(new RegExp(`version ${MIGRATIONS.length + 1}: boom`));
    const after = openDatabase(dir);
    try {
      expect(after.notice).toBeNull();
      expect(readUserVersion(after.db)).toBe(LATEST_VERSION);
      expect(tableNames(after.db)).not.toContain('half_done');
    } finally {
      after.close();
    }
  });

  it('refuses a migration list that is not numbered 1, 2, 3…', () => {
    const dir = tempDir();
    const skipped: Migration[] = [{ version: 2, up: () => undefined }];
    expect(() => openDatabase(dir, { migrations: skipped })).toThrow(/numbered 1, 2, 3/);
  });
});
