import { fail } from '../errors.js';
import type { Params } from '../http/params.js';
import { parseDate } from '../util/dates.js';
import { parseJsonField } from '../util/php.js';
import type { World } from '../world.js';

export interface StatsJson {
  created: number;
  open: number;
  closed: number;
  instant: number;
  reopened: number;
  created_by_hour: number[];
  created_by_weekday: number[];
  average_first_reply: number;
  average_first_closed: number;
  average_last_closed: number;
  average_department_hops: number;
  average_staff_hops: number;
}

function ids(params: Params, name: string, table: string, code: string, world: World): number[] | undefined {
  if (!params.has(name)) return undefined;
  const v = parseJsonField(params.get(name));
  if (!Array.isArray(v) || !v.every((x) => (typeof x === 'number' && Number.isInteger(x)) || (typeof x === 'string' && /^\d+$/.test(x)))) fail(code);
  const list = [...new Set(v.map(Number))];
  const n = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify(list))?.n ?? 0;
  if (n !== list.length) fail(code);
  return list;
}

const seconds = (from: string, to: string): number => (parseDate(to).getTime() - parseDate(from).getTime()) / 1000;
const average = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** `/system/get-stats`: global figures over the tickets matching the filters (§3.12). */
export function stats(world: World, params: Params): StatsJson {
  let dateRange: [number, number] | undefined;
  if (params.has('dateRange')) {
    const r = parseJsonField(params.get('dateRange'));
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number') || (r[0] as number) > (r[1] as number)) fail('INVALID_DATE_RANGE_FILTER');
    dateRange = [r[0] as number, r[1] as number];
  }
  const departments = ids(params, 'departments', 'department', 'INVALID_DEPARTMENT_FILTER', world);
  const tags = ids(params, 'tags', 'tag', 'INVALID_TAG_FILTER', world);
  const owners = ids(params, 'owners', 'staff', 'INVALID_OWNER_FILTER', world);

  const where: string[] = [];
  const args: (string | number)[] = [];
  if (dateRange) {
    where.push('CAST(t.date AS INTEGER) BETWEEN ? AND ?');
    args.push(dateRange[0], dateRange[1]);
  }
  if (departments && departments.length > 0) {
    where.push('t.department_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(departments));
  }
  if (tags && tags.length > 0) {
    where.push('EXISTS (SELECT 1 FROM ticket_tag tt WHERE tt.ticket_id = t.id AND tt.tag_id IN (SELECT value FROM json_each(?)))');
    args.push(JSON.stringify(tags));
  }
  if (owners && owners.length > 0) {
    where.push('t.owner_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(owners));
  }
  const rows = world.repo.all<{
    date: string;
    closed: number;
    reopened: number;
    first_closed_at: string | null;
    last_closed_at: string | null;
    department_hops: number;
    staff_hops: number;
    first_reply: string | null;
    public_staff_replies: number;
  }>(
    `SELECT t.date, t.closed, t.reopened, t.first_closed_at, t.last_closed_at, t.department_hops, t.staff_hops,
       (SELECT MIN(e.date) FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'COMMENT' AND e.private = 0 AND e.author_staff_id IS NOT NULL) AS first_reply,
       (SELECT COUNT(*) FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'COMMENT' AND e.private = 0 AND e.author_staff_id IS NOT NULL) AS public_staff_replies
     FROM ticket t ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
    ...args,
  );

  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const firstReply: number[] = [];
  const firstClosed: number[] = [];
  const lastClosed: number[] = [];
  let closed = 0;
  let instant = 0;
  let reopened = 0;
  for (const r of rows) {
    const d = parseDate(r.date);
    byHour[d.getUTCHours()] = (byHour[d.getUTCHours()] ?? 0) + 1;
    // Index 0 is Monday in the server's answer.
    const weekday = (d.getUTCDay() + 6) % 7;
    byWeekday[weekday] = (byWeekday[weekday] ?? 0) + 1;
    if (r.closed === 1) closed++;
    if (r.closed === 1 && r.public_staff_replies === 1) instant++;
    if (r.reopened === 1) reopened++;
    if (r.first_reply) firstReply.push(seconds(r.date, r.first_reply));
    if (r.first_closed_at) firstClosed.push(seconds(r.date, r.first_closed_at));
    if (r.last_closed_at) lastClosed.push(seconds(r.date, r.last_closed_at));
  }
  const round4 = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    created: rows.length,
    open: rows.length - closed,
    closed,
    instant,
    reopened,
    created_by_hour: byHour,
    created_by_weekday: byWeekday,
    average_first_reply: Math.round(average(firstReply)),
    average_first_closed: Math.round(average(firstClosed)),
    average_last_closed: Math.round(average(lastClosed)),
    average_department_hops: round4(average(rows.map((r) => r.department_hops))),
    average_staff_hops: round4(average(rows.map((r) => r.staff_hops))),
  };
}
