import type { Repo } from './repo.js';
import { type SeedResult, insertDepartment, insertSettings, insertStaff } from './seed-common.js';

/** A freshly installed helpdesk: the installer's department and its level-3 admin (§2.10). */
export function seedEmpty(repo: Repo, origin: string): SeedResult {
  insertSettings(repo, origin, { 'ticket-first-number': '482913', 'ticket-gap': '7919' });
  insertDepartment(repo, { id: 1, name: 'Help and Support' });
  const admin = insertStaff(repo, { name: 'Admin', email: 'admin@staffdesk.test', password: 'staffdesk-admin', level: 3, departments: [1], profilePic: '' });
  return { staff: [admin], users: [] };
}
