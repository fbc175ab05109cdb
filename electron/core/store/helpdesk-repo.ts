/**
 * The helpdesks the person has added, in the order they arranged them. This table holds identity
 * and display data only: tokens, cookies and passwords live in the credential vault, never here.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { parseRow, systemClock, toIso, zIsoText, zSqlInt, type Clock } from './rows';

export type StaffLevel = 1 | 2 | 3;

/** Who the signed-in account is; null until a sign-in has told us. */
export interface HelpdeskIdentity {
  userEmail: string | null;
  /** As the server returned it: OpenSupports ids are strings on the wire and go back as csrf_userid. */
  userId: string | null;
  staffName: string | null;
  staffLevel: StaffLevel | null;
}

export interface Helpdesk extends HelpdeskIdentity {
  id: string;
  label: string;
  apiRoot: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewHelpdesk extends HelpdeskIdentity {
  /** Generated when absent; callers pass one when the vault entry is keyed before the insert. */
  id?: string;
  label: string;
  apiRoot: string;
  /** Defaults to after the last helpdesk. */
  position?: number;
}

export type HelpdeskPatch = Partial<Pick<Helpdesk, 'label' | 'apiRoot' | 'userEmail' | 'userId' | 'staffName' | 'staffLevel' | 'position'>>;

const zHelpdeskRow = z
  .object({
    id: z.string().min(1),
    label: z.string(),
    api_root: z.string().min(1),
    user_email: z.string().nullable(),
    user_id: z.string().nullable(),
    staff_name: z.string().nullable(),
    staff_level: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
    position: zSqlInt,
    created_at: zIsoText,
    updated_at: zIsoText,
  })
  .transform(
    (r): Helpdesk => ({
      id: r.id,
      label: r.label,
      apiRoot: r.api_root,
      userEmail: r.user_email,
      userId: r.user_id,
      staffName: r.staff_name,
      staffLevel: r.staff_level,
      position: r.position,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
  );

/** Patch keys and their columns; the only names that ever reach the SQL text of an update. */
const PATCH_COLUMNS = {
  label: 'label',
  apiRoot: 'api_root',
  userEmail: 'user_email',
  userId: 'user_id',
  staffName: 'staff_name',
  staffLevel: 'staff_level',
  position: 'position',
} as const satisfies Record<keyof HelpdeskPatch, string>;

export class HelpdeskRepo {
  constructor(
    private readonly db: Database,
    private readonly now: Clock = systemClock,
  ) {}

  list(): Helpdesk[] {
    const rows = this.db.prepare('SELECT * FROM helpdesks ORDER BY position, created_at, id').all();
    return rows.map((row) => this.parse(row));
  }

  get(id: string): Helpdesk | null {
    const row = this.db.prepare('SELECT * FROM helpdesks WHERE id = ?').get(id);
    return row === undefined ? null : this.parse(row);
  }

  insert(input: NewHelpdesk): Helpdesk {
    const id = input.id ?? randomUUID();
    const at = toIso(this.now());
    this.db.transaction(() => {
      const position = input.position ?? (this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) FROM helpdesks').pluck().get() as number);
      this.db
        .prepare(
          `INSERT INTO helpdesks (id, label, api_root, user_email, user_id, staff_name, staff_level, position, created_at, updated_at)
           VALUES (@id, @label, @apiRoot, @userEmail, @userId, @staffName, @staffLevel, @position, @at, @at)`,
        )
        .run({
          id,
          label: input.label,
          apiRoot: input.apiRoot,
          userEmail: input.userEmail,
          userId: input.userId,
          staffName: input.staffName,
          staffLevel: input.staffLevel,
          position,
          at,
        });
    })();
    return this.mustGet(id);
  }

  /** Changes only the fields present in `patch`. Null when there is no such helpdesk. */
  update(id: string, patch: HelpdeskPatch): Helpdesk | null {
    const keys = (Object.keys(patch) as (keyof HelpdeskPatch)[]).filter((k) => k in PATCH_COLUMNS && patch[k] !== undefined);
    const sets = keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`);
    const params: Record<string, string | number | null> = { id, at: toIso(this.now()) };
    for (const k of keys) params[k] = patch[k] ?? null;
    const changed = this.db.prepare(`UPDATE helpdesks SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id`).run(params).changes;
    return changed === 0 ? null : this.mustGet(id);
  }

  updateLabel(id: string, label: string): Helpdesk | null {
    return this.update(id, { label });
  }

  /** After a sign-in: the server is the source of truth for who this account is. */
  updateIdentity(id: string, identity: HelpdeskIdentity): Helpdesk | null {
    return this.update(id, { userEmail: identity.userEmail, userId: identity.userId, staffName: identity.staffName, staffLevel: identity.staffLevel });
  }

  /**
   * Sets the order to exactly `ids`. It must name every helpdesk once: a partial list would leave
   * the others with positions that collide with the new ones.
   */
  reorder(ids: readonly string[]): Helpdesk[] {
    this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM helpdesks').pluck().all() as string[];
      const wanted = new Set(ids);
      if (wanted.size !== ids.length || wanted.size !== existing.length || existing.some((id) => !wanted.has(id))) {
        throw new Error('reorder needs every helpdesk id exactly once');
      }
      const set = this.db.prepare('UPDATE helpdesks SET position = ?, updated_at = ? WHERE id = ?');
      const at = toIso(this.now());
      ids.forEach((id, index) => set.run(index, at, id));
    })();
    return this.list();
  }

  /** Removes the helpdesk and, through ON DELETE CASCADE, every cached row that belongs to it. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM helpdesks WHERE id = ?').run(id).changes > 0;
  }

  private mustGet(id: string): Helpdesk {
    const found = this.get(id);
    if (!found) throw new Error(`helpdesk ${id} vanished inside its own write`);
    return found;
  }

  private parse(row: unknown): Helpdesk {
    return parseRow(zHelpdeskRow, row, 'helpdesks', `id=${String((row as { id?: unknown }).id)}`);
  }
}
