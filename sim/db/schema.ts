import Database from 'better-sqlite3';

/**
 * The simulator's tables. Column names follow the server's own vocabulary so the
 * rules in the reference map one-to-one onto SQL; dates are `YYYYMMDDHHMM` text,
 * which sorts and compares like the numbers the server stores.
 */
const DDL = `
CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE department (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE staff (
  id                       INTEGER PRIMARY KEY,
  name                     TEXT NOT NULL,
  email                    TEXT NOT NULL UNIQUE,
  password                 TEXT NOT NULL,
  profile_pic              TEXT,
  level                    INTEGER NOT NULL,
  send_email_on_new_ticket INTEGER NOT NULL DEFAULT 1,
  last_login               TEXT
);
CREATE TABLE staff_department (
  staff_id      INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  PRIMARY KEY (staff_id, department_id)
);
CREATE INDEX staff_department_by_department ON staff_department (department_id);
CREATE TABLE user (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  email          TEXT NOT NULL UNIQUE,
  password       TEXT,
  signup_date    TEXT NOT NULL,
  verified       INTEGER NOT NULL DEFAULT 1,
  disabled       INTEGER NOT NULL DEFAULT 0,
  not_registered INTEGER,
  tickets        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ticket (
  id              INTEGER PRIMARY KEY,
  ticket_number   INTEGER NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  department_id   INTEGER NOT NULL,
  date            TEXT NOT NULL,
  file            TEXT,
  language        TEXT NOT NULL,
  unread          INTEGER NOT NULL DEFAULT 0,
  unread_staff    INTEGER NOT NULL DEFAULT 1,
  closed          INTEGER NOT NULL DEFAULT 0,
  author_user_id  INTEGER,
  author_staff_id INTEGER,
  author_name     TEXT,
  author_email    TEXT,
  owner_id        INTEGER,
  edited          INTEGER,
  edited_title    INTEGER,
  first_closed_at TEXT,
  last_closed_at  TEXT,
  reopened        INTEGER NOT NULL DEFAULT 0,
  department_hops INTEGER NOT NULL DEFAULT 0,
  staff_hops      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_by_department ON ticket (department_id, closed, owner_id);
CREATE INDEX ticket_by_owner ON ticket (owner_id);
CREATE INDEX ticket_by_author_user ON ticket (author_user_id);
CREATE INDEX ticket_by_author_staff ON ticket (author_staff_id);
CREATE INDEX ticket_default_order ON ticket (closed, owner_id, unread_staff, date DESC, id DESC);
CREATE TABLE ticket_event (
  id              INTEGER PRIMARY KEY,
  ticket_id       INTEGER NOT NULL,
  type            TEXT NOT NULL,
  content         TEXT,
  author_user_id  INTEGER,
  author_staff_id INTEGER,
  date            TEXT NOT NULL,
  file            TEXT,
  private         INTEGER,
  edited          INTEGER
);
CREATE INDEX ticket_event_by_ticket ON ticket_event (ticket_id, id);
CREATE TABLE tag (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  color TEXT NOT NULL
);
CREATE TABLE ticket_tag (
  ticket_id INTEGER NOT NULL,
  tag_id    INTEGER NOT NULL,
  UNIQUE (ticket_id, tag_id)
);
CREATE INDEX ticket_tag_by_tag ON ticket_tag (tag_id);
CREATE TABLE custom_response (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  language TEXT NOT NULL,
  content  TEXT NOT NULL
);
CREATE TABLE remember_token (
  token      TEXT PRIMARY KEY,
  is_staff   INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  expiration TEXT NOT NULL
);
CREATE TABLE stored_file (
  name TEXT PRIMARY KEY,
  data BLOB NOT NULL
);
`;

export type Db = Database.Database;

/** `existing`: reopen a file a previous run left (a restart), instead of creating the tables. */
export function openDatabase(file: string, opts: { existing?: boolean } = {}): Db {
  const db = new Database(file, opts.existing ? { fileMustExist: true } : {});
  db.pragma('journal_mode = WAL');
  // The simulator's data is disposable; durability on power loss is not worth the fsyncs.
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  if (!opts.existing) db.exec(DDL);
  return db;
}
