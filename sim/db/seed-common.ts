import { defaultSettings } from '../domain/settings.js';
import { hashPassword } from '../util/password.js';
import type { Repo } from './repo.js';

/** An account a test or a person can log in with. */
export interface SimAccount {
  id: number;
  name: string;
  email: string;
  password: string;
  level?: 1 | 2 | 3;
  departments?: number[];
}

export interface SeedResult {
  staff: SimAccount[];
  users: SimAccount[];
}

export function insertSettings(repo: Repo, origin: string, overrides: Record<string, string | null> = {}): void {
  for (const [name, value] of Object.entries({ ...defaultSettings(origin), ...overrides })) repo.setSetting(name, value);
}

export function insertDepartment(repo: Repo, d: { id?: number; name: string; private?: boolean }): number {
  return repo.insert('INSERT INTO department (id, name, private) VALUES (?, ?, ?)', d.id ?? null, d.name, d.private ? 1 : 0);
}

export function insertStaff(
  repo: Repo,
  s: {
    id?: number;
    name: string;
    email: string;
    password: string;
    level: 1 | 2 | 3;
    departments: number[];
    profilePic?: string | null;
    sendEmailOnNewTicket?: boolean;
  },
): SimAccount {
  const id = repo.insert(
    'INSERT INTO staff (id, name, email, password, profile_pic, level, send_email_on_new_ticket, last_login) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
    s.id ?? null,
    s.name,
    s.email,
    hashPassword(s.password),
    s.profilePic ?? null,
    s.level,
    s.sendEmailOnNewTicket === false ? 0 : 1,
  );
  for (const d of s.departments) repo.run('INSERT INTO staff_department (staff_id, department_id) VALUES (?, ?)', id, d);
  return { id, name: s.name, email: s.email, password: s.password, level: s.level, departments: [...s.departments] };
}

export function insertUser(repo: Repo, u: { id?: number; name: string; email: string; password: string; signupDate: string }): SimAccount {
  const id = repo.insert(
    'INSERT INTO user (id, name, email, password, signup_date, verified, disabled, not_registered, tickets) VALUES (?, ?, ?, ?, ?, 1, 0, NULL, 0)',
    u.id ?? null,
    u.name,
    u.email,
    hashPassword(u.password),
    u.signupDate,
  );
  return { id, name: u.name, email: u.email, password: u.password };
}

export function insertTag(repo: Repo, t: { id?: number; name: string; color: string }): number {
  return repo.insert('INSERT INTO tag (id, name, color) VALUES (?, ?, ?)', t.id ?? null, t.name, t.color);
}

export function insertCustomResponse(repo: Repo, c: { id?: number; name: string; language: string; content: string }): number {
  return repo.insert('INSERT INTO custom_response (id, name, language, content) VALUES (?, ?, ?, ?)', c.id ?? null, c.name, c.language, c.content);
}
