/**
 * The schema, as an ordered list of steps. `PRAGMA user_version` records the last step applied,
 * and each step runs in its own transaction together with the version bump, so a crash mid-upgrade
 * leaves the file at the previous version rather than half-migrated.
 *
 * Never edit a step that has shipped: add a new one. A file written by a newer build has a higher
 * user_version than LATEST_VERSION and is set aside by `openDatabase`, never downgraded in place.
 */
import type { Database } from 'better-sqlite3';
import { MigrationError } from './errors';

export interface Migration {
  readonly version: number;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      // STRICT tables make SQLite refuse a wrongly typed value at write time, so the zod checks on
      // read only have to catch damage and files from other builds, not our own slips.
      db.exec(`
        CREATE TABLE helpdesks (
          id           TEXT PRIMARY KEY NOT NULL,
          label        TEXT NOT NULL,
          api_root     TEXT NOT NULL,
          -- Identity is null until the first successful sign-in tells us who the account is.
          user_email   TEXT,
          user_id      TEXT,
          staff_name   TEXT,
          staff_level  INTEGER CHECK (staff_level IN (1, 2, 3)),
          position     INTEGER NOT NULL,
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL
        ) STRICT;

        CREATE TABLE settings (
          key         TEXT PRIMARY KEY NOT NULL,
          value       TEXT NOT NULL CHECK (json_valid(value)),
          updated_at  TEXT NOT NULL
        ) STRICT;

        CREATE TABLE tickets (
          helpdesk_id    TEXT NOT NULL REFERENCES helpdesks(id) ON DELETE CASCADE,
          ticket_number  INTEGER NOT NULL,
          data           TEXT NOT NULL CHECK (json_valid(data)),
          closed         INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
          unread         INTEGER NOT NULL DEFAULT 0 CHECK (unread IN (0, 1)),
          owner_id       INTEGER,
          department_id  INTEGER,
          updated_at     TEXT NOT NULL,
          PRIMARY KEY (helpdesk_id, ticket_number)
        ) STRICT;

        CREATE TABLE queue_entries (
          helpdesk_id    TEXT NOT NULL REFERENCES helpdesks(id) ON DELETE CASCADE,
          queue          TEXT NOT NULL,
          ticket_number  INTEGER NOT NULL,
          position       INTEGER NOT NULL,
          PRIMARY KEY (helpdesk_id, queue, ticket_number),
          FOREIGN KEY (helpdesk_id, ticket_number) REFERENCES tickets(helpdesk_id, ticket_number) ON DELETE CASCADE
        ) STRICT;
        CREATE INDEX queue_entries_order ON queue_entries(helpdesk_id, queue, position);
        -- Without this, evicting one ticket would scan every queue entry to cascade.
        CREATE INDEX queue_entries_ticket ON queue_entries(helpdesk_id, ticket_number);

        -- Drafts deliberately do not reference tickets: evicting a ticket from the cache must never
        -- take what the person typed with it.
        CREATE TABLE drafts (
          helpdesk_id         TEXT NOT NULL REFERENCES helpdesks(id) ON DELETE CASCADE,
          ticket_number       INTEGER NOT NULL,
          kind                TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
          content             TEXT NOT NULL,
          custom_response_id  INTEGER,
          attachments         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
          created_at          TEXT NOT NULL,
          updated_at          TEXT NOT NULL,
          PRIMARY KEY (helpdesk_id, ticket_number)
        ) STRICT;

        -- AUTOINCREMENT so an id is never reused after a delivered entry is purged: ids appear in
        -- logs and in exactly-once bookkeeping, and a reused one would be ambiguous.
        CREATE TABLE outbox (
          id                INTEGER PRIMARY KEY AUTOINCREMENT,
          helpdesk_id       TEXT NOT NULL REFERENCES helpdesks(id) ON DELETE CASCADE,
          ticket_number     INTEGER NOT NULL,
          kind              TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
          content           TEXT NOT NULL,
          attachments       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
          fingerprint       TEXT NOT NULL,
          state             TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'held', 'failed', 'delivered')),
          attempts          INTEGER NOT NULL DEFAULT 0,
          last_error        TEXT,
          held_reason       TEXT,
          draft_started_at  TEXT NOT NULL,
          queued_at         TEXT NOT NULL,
          updated_at        TEXT NOT NULL
        ) STRICT;
        CREATE INDEX outbox_by_state ON outbox(helpdesk_id, state, id);
        CREATE INDEX outbox_by_ticket ON outbox(helpdesk_id, ticket_number);

        CREATE TABLE watermarks (
          helpdesk_id  TEXT NOT NULL REFERENCES helpdesks(id) ON DELETE CASCADE,
          feed         TEXT NOT NULL,
          value        TEXT NOT NULL,
          updated_at   TEXT NOT NULL,
          PRIMARY KEY (helpdesk_id, feed)
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    up(db) {
      // The collision check compares the ticket as it was when the person began writing with the
      // ticket as it is at sending time; the snapshot (JSON) travels from the draft to the outbox
      // entry and back again on "edit". Null when the ticket was not cached when writing began.
      // `check_waived` records "send anyway" durably, so a restart does not hold the reply again.
      db.exec(`
        ALTER TABLE drafts ADD COLUMN snapshot TEXT CHECK (snapshot IS NULL OR json_valid(snapshot));
        ALTER TABLE outbox ADD COLUMN snapshot TEXT CHECK (snapshot IS NULL OR json_valid(snapshot));
        ALTER TABLE outbox ADD COLUMN custom_response_id INTEGER;
        ALTER TABLE outbox ADD COLUMN check_waived INTEGER NOT NULL DEFAULT 0 CHECK (check_waived IN (0, 1));
      `);
    },
  },
];

export const LATEST_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function readUserVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every step newer than the file's version, in order. Returns the versions before and
 * after. Throws MigrationError (leaving the failed step rolled back) if a step throws.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  assertWellOrdered(migrations);
  const from = readUserVersion(db);
  let current = from;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      db.transaction(() => {
        migration.up(db);
        // user_version lives in the file header page, so this write commits or rolls back with the step.
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (err) {
      throw new MigrationError(migration.version, err);
    }
    current = migration.version;
  }
  return { from, to: current };
}

function assertWellOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(`migrations must be numbered 1, 2, 3… in order; found version ${m.version} at index ${i}`);
    }
  });
}
