import type Database from 'better-sqlite3';
import type { Db } from './schema.js';

export interface DepartmentRow {
  id: number;
  name: string;
  private: number;
}
export interface StaffRow {
  id: number;
  name: string;
  email: string;
  password: string;
  profile_pic: string | null;
  level: number;
  send_email_on_new_ticket: number;
  last_login: string | null;
}
export interface UserRow {
  id: number;
  name: string;
  email: string;
  password: string | null;
  signup_date: string;
  verified: number;
  disabled: number;
  not_registered: number | null;
  tickets: number;
}
export interface TicketRow {
  id: number;
  ticket_number: number;
  title: string;
  content: string;
  department_id: number;
  date: string;
  file: string | null;
  language: string;
  unread: number;
  unread_staff: number;
  closed: number;
  author_user_id: number | null;
  author_staff_id: number | null;
  author_name: string | null;
  author_email: string | null;
  owner_id: number | null;
  edited: number | null;
  edited_title: number | null;
  first_closed_at: string | null;
  last_closed_at: string | null;
  reopened: number;
  department_hops: number;
  staff_hops: number;
}
export interface EventRow {
  id: number;
  ticket_id: number;
  type: EventType;
  content: string | null;
  author_user_id: number | null;
  author_staff_id: number | null;
  date: string;
  file: string | null;
  private: number | null;
  edited: number | null;
}
export type EventType = 'COMMENT' | 'ASSIGN' | 'UN_ASSIGN' | 'CLOSE' | 'RE_OPEN' | 'DEPARTMENT_CHANGED';
export interface TagRow {
  id: number;
  name: string;
  color: string;
}
export interface CustomResponseRow {
  id: number;
  name: string;
  language: string;
  content: string;
}

type Param = string | number | bigint | Buffer | null;

/**
 * Thin typed access to the database with a statement cache: every SQL text is
 * prepared once, which keeps typical calls in the low milliseconds.
 */
export class Repo {
  private readonly cache = new Map<string, Database.Statement<Param[]>>();

  constructor(readonly db: Db) {}

  private stmt(sql: string): Database.Statement<Param[]> {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare<Param[]>(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  get<T>(sql: string, ...params: Param[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: Param[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  run(sql: string, ...params: Param[]): Database.RunResult {
    return this.stmt(sql).run(...params);
  }

  /** Insert and return the new row id as a plain number. */
  insert(sql: string, ...params: Param[]): number {
    return Number(this.run(sql, ...params).lastInsertRowid);
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- settings ----
  setting(name: string): string | null {
    return this.get<{ value: string | null }>('SELECT value FROM setting WHERE name = ?', name)?.value ?? null;
  }
  setSetting(name: string, value: string | null): void {
    this.run('INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value', name, value);
  }

  // ---- departments ----
  department(id: number): DepartmentRow | undefined {
    return this.get<DepartmentRow>('SELECT * FROM department WHERE id = ?', id);
  }
  departments(): DepartmentRow[] {
    return this.all<DepartmentRow>('SELECT * FROM department ORDER BY id');
  }
  /** Number of staff members in each department (the `owners` counter). */
  departmentOwners(): Map<number, number> {
    const rows = this.all<{ department_id: number; n: number }>('SELECT department_id, COUNT(*) AS n FROM staff_department GROUP BY department_id');
    return new Map(rows.map((r) => [r.department_id, r.n]));
  }

  // ---- staff ----
  staff(id: number): StaffRow | undefined {
    return this.get<StaffRow>('SELECT * FROM staff WHERE id = ?', id);
  }
  staffByEmail(email: string): StaffRow | undefined {
    return this.get<StaffRow>('SELECT * FROM staff WHERE email = ?', email);
  }
  allStaff(): StaffRow[] {
    return this.all<StaffRow>('SELECT * FROM staff ORDER BY id');
  }
  staffDepartmentIds(staffId: number): number[] {
    return this.all<{ department_id: number }>('SELECT department_id FROM staff_department WHERE staff_id = ? ORDER BY department_id', staffId).map((r) => r.department_id);
  }
  staffDepartments(staffId: number): DepartmentRow[] {
    return this.all<DepartmentRow>(
      'SELECT d.* FROM department d JOIN staff_department sd ON sd.department_id = d.id WHERE sd.staff_id = ? ORDER BY d.id',
      staffId,
    );
  }
  staffInDepartment(staffId: number, departmentId: number): boolean {
    return this.get('SELECT 1 FROM staff_department WHERE staff_id = ? AND department_id = ?', staffId, departmentId) !== undefined;
  }

  // ---- users ----
  user(id: number): UserRow | undefined {
    return this.get<UserRow>('SELECT * FROM user WHERE id = ?', id);
  }
  userByEmail(email: string): UserRow | undefined {
    return this.get<UserRow>('SELECT * FROM user WHERE email = ?', email);
  }

  // ---- tickets ----
  ticketByNumber(ticketNumber: number): TicketRow | undefined {
    return this.get<TicketRow>('SELECT * FROM ticket WHERE ticket_number = ?', ticketNumber);
  }
  ticketById(id: number): TicketRow | undefined {
    return this.get<TicketRow>('SELECT * FROM ticket WHERE id = ?', id);
  }
  event(id: number): EventRow | undefined {
    return this.get<EventRow>('SELECT * FROM ticket_event WHERE id = ?', id);
  }
  tag(id: number): TagRow | undefined {
    return this.get<TagRow>('SELECT * FROM tag WHERE id = ?', id);
  }
  tags(): TagRow[] {
    return this.all<TagRow>('SELECT * FROM tag ORDER BY id');
  }
}
