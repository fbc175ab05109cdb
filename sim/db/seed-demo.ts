import type { Caller, StaffCaller } from '../domain/access.js';
import * as tickets from '../domain/tickets.js';
import { DAY_MS } from '../util/dates.js';
import { makePng } from '../util/png.js';
import { Prng } from '../util/random.js';
import type { World } from '../world.js';
import { CUSTOMERS, CUSTOMER_FOLLOW_UPS, INTERNAL_NOTES, PRODUCTS, STAFF_REPLIES, TEMPLATES } from './demo-content.js';
import { type SeedResult, type SimAccount, insertCustomResponse, insertDepartment, insertSettings, insertStaff, insertTag, insertUser } from './seed-common.js';

const HOUR_MS = 60 * 60 * 1000;
const DEMO_SEED = 20261203;
/** Tickets spread over this many days before "now". */
const HISTORY_DAYS = 150;

export const DEMO_ADMIN = { email: 'admin@staffdesk.test', password: 'staffdesk-admin' };

/**
 * A realistic helpdesk built by replaying people's actions through the same domain
 * rules the API uses (with a moving clock), so flags, events and counters are
 * consistent by construction. Deterministic for a given ticket count and "now".
 */
export function seedDemo(world: World, origin: string, opts: { tickets: number }): SeedResult {
  const { repo } = world;
  const rng = new Prng(DEMO_SEED);
  const end = world.now().getTime();
  let clock = end - HISTORY_DAYS * DAY_MS;
  // The domain rules read the time from the world; during seeding it follows the story.
  const seeding: World = { ...world, now: () => new Date(clock), repo, sessions: world.sessions };

  const primes = [7919, 104729, 130363, 224737, 350377, 611953, 746773];
  insertSettings(repo, origin, {
    'ticket-first-number': String(rng.int(100000, 999999)),
    'ticket-gap': String(rng.pick(primes)),
    'allow-attachments': '1',
    'max-size': '2',
    title: 'Staffdesk Demo Support',
    supportedLanguages: JSON.stringify(['en', 'es']),
  });
  insertDepartment(repo, { id: 1, name: 'Help and Support' });
  insertDepartment(repo, { id: 2, name: 'Billing' });
  insertDepartment(repo, { id: 3, name: 'Technical' });
  insertDepartment(repo, { id: 4, name: 'Sales' });
  insertDepartment(repo, { id: 5, name: 'Internal', private: true });

  const staff: SimAccount[] = [
    insertStaff(repo, { name: 'Ada Admin', email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, level: 3, departments: [1, 2, 3, 4, 5], profilePic: '' }),
    insertStaff(repo, { name: 'Leo Lead', email: 'lead@staffdesk.test', password: 'staffdesk-lead', level: 2, departments: [1, 2, 3, 5] }),
    insertStaff(repo, { name: 'Mia Agent', email: 'mia@staffdesk.test', password: 'staffdesk-agent', level: 1, departments: [1, 2] }),
    insertStaff(repo, { name: 'Noah Agent', email: 'noah@staffdesk.test', password: 'staffdesk-agent', level: 1, departments: [3, 4] }),
    insertStaff(repo, { name: 'Olivia Agent', email: 'olivia@staffdesk.test', password: 'staffdesk-agent', level: 1, departments: [1, 3, 5], sendEmailOnNewTicket: false }),
    insertStaff(repo, { name: 'Pablo Soporte', email: 'pablo@staffdesk.test', password: 'staffdesk-agent', level: 1, departments: [1, 4] }),
  ];
  const signup = (daysAgo: number): string => {
    const d = new Date(clock - daysAgo * DAY_MS);
    return d.toISOString().replace(/[-T:]/g, '').slice(0, 12);
  };
  const users = CUSTOMERS.map((c) => insertUser(repo, { name: c.name, email: c.email, password: 'customer-pass', signupDate: signup(rng.int(1, 200)) }));

  const tagIds = [
    insertTag(repo, { name: 'urgent', color: '#e03131' }),
    insertTag(repo, { name: 'bug', color: '#f08c00' }),
    insertTag(repo, { name: 'billing', color: '#2f9e44' }),
    insertTag(repo, { name: 'feature-request', color: '#1971c2' }),
    insertTag(repo, { name: 'vip', color: '#9c36b5' }),
  ];
  insertCustomResponse(repo, { name: 'Greeting', language: 'en', content: '<p>Hello, thanks for contacting us. We are looking into it.</p>' });
  insertCustomResponse(repo, { name: 'Need more details', language: 'en', content: '<p>Could you tell us the steps that lead to the problem and attach a screenshot?</p>' });
  insertCustomResponse(repo, { name: 'Refund issued', language: 'en', content: '<p>We issued the refund. It can take 5–10 business days to show on your statement.</p>' });
  insertCustomResponse(repo, { name: 'Closing', language: 'en', content: '<p>We are closing this ticket. Reply any time if you need more help.</p>' });
  insertCustomResponse(repo, { name: 'Saludo', language: 'es', content: '<p>Hola, gracias por contactarnos. Lo estamos revisando.</p>' });
  insertCustomResponse(repo, { name: 'Cierre', language: 'es', content: '<p>Cerramos este ticket. Responda cuando quiera si necesita más ayuda.</p>' });

  const staffCaller = (id: number): StaffCaller => ({ kind: 'staff', id, level: staff.find((s) => s.id === id)?.level ?? 1 });
  const inDepartment = (d: number): number[] => staff.filter((s) => s.departments?.includes(d)).map((s) => s.id);
  const fill = (text: string): string => text.replace(/\{n\}/g, () => String(rng.int(1000, 99999))).replace(/\{p\}/g, () => rng.pick(PRODUCTS));
  const screenshot = makePng(48, 32, [224, 49, 49], [255, 255, 255]);

  // Creation times, oldest first, so ticket ids follow the calendar like on a real helpdesk.
  const span = end - clock - HOUR_MS / 6;
  const times = Array.from({ length: opts.tickets }, () => clock + Math.floor(rng.next() * span)).sort((a, b) => a - b);

  // Each ticket's story is planned first (who does what, when); then every step of every
  // story runs in global time order, so event ids are chronological across tickets as on
  // a live server, and /staff/last-events reads like a real feed.
  interface Step {
    at: number;
    seq: number;
    run: () => void;
  }
  const steps: Step[] = [];
  let seq = 0;
  const plan = (at: number, run: () => void): void => {
    steps.push({ at, seq: seq++, run });
  };

  times.forEach((created, i) => {
    let at = created;
    const ref = { ticketNumber: 0 };
    const staffAuthor = rng.chance(0.06);
    const customerIndex = rng.int(0, users.length - 1);
    const customer = users[customerIndex] as SimAccount;
    const lang = staffAuthor ? 'en' : (CUSTOMERS[customerIndex]?.lang ?? 'en');
    const dept = staffAuthor ? rng.pick([5, 5, 1, 3]) : rng.pick([1, 1, 1, 2, 2, 3, 3, 3, 4]);
    const template = rng.pick(TEMPLATES[lang][dept] ?? TEMPLATES.en[1] ?? []);
    const authorCaller: Caller = staffAuthor ? staffCaller(rng.pick(inDepartment(dept))) : { kind: 'user', id: customer.id, ticketNumber: null };
    const attach = !staffAuthor && i % 37 === 5;
    const title = fill(template.title);
    const body = fill(template.body);
    plan(at, () => {
      ref.ticketNumber = tickets.createTicket(seeding, authorCaller, {
        title,
        content: body,
        departmentId: String(dept),
        language: lang,
        file: attach ? { filename: 'Screenshot 1.png', contentType: 'image/png', data: screenshot } : undefined,
      });
    });

    const age = end - created;
    const step = (maxHours: number): boolean => {
      at += Math.floor(rng.next() * maxHours * HOUR_MS) + 60_000;
      return at < end;
    };
    const deptStaff = inDepartment(dept);
    let currentDept = dept;
    let owner: number | null = null;

    if ((age > HOUR_MS ? rng.chance(0.75) : rng.chance(0.2)) && step(6)) {
      const target = rng.pick(deptStaff);
      const by = rng.chance(0.7) ? target : rng.pick(deptStaff);
      plan(at, () => tickets.assign(seeding, staffCaller(by), ref.ticketNumber, target));
      owner = target;
    }
    if (owner !== null && rng.chance(0.85) && step(12)) {
      const by = owner;
      const content = rng.pick(STAFF_REPLIES[lang]);
      const withLog = i % 53 === 7;
      plan(at, () =>
        tickets.comment(seeding, staffCaller(by), ref.ticketNumber, {
          content,
          file: withLog ? { filename: 'diagnostics.txt', contentType: 'text/plain', data: Buffer.from(`ticket ${ref.ticketNumber}\nstatus: ok\n`) } : undefined,
        }),
      );
    }
    if (!staffAuthor && rng.chance(0.5) && step(24)) {
      const content = rng.pick(CUSTOMER_FOLLOW_UPS[lang]);
      plan(at, () => tickets.comment(seeding, authorCaller, ref.ticketNumber, { content }));
    }
    if (rng.chance(0.25) && step(8)) {
      const by = owner ?? rng.pick(deptStaff);
      const content = rng.pick(INTERNAL_NOTES);
      plan(at, () => tickets.comment(seeding, staffCaller(by), ref.ticketNumber, { content, private: true }));
    }
    if (!staffAuthor && rng.chance(0.06) && step(24)) {
      const to = rng.pick([1, 2, 3, 4].filter((d) => d !== currentDept));
      const by = owner ?? rng.pick(deptStaff);
      plan(at, () => tickets.changeDepartment(seeding, staffCaller(by), ref.ticketNumber, to));
      if (owner !== null && !inDepartment(to).includes(owner)) owner = null;
      currentDept = to;
    }
    if (rng.chance(0.3) && step(4)) {
      const by = owner ?? rng.pick(inDepartment(currentDept));
      const first = rng.pick(tagIds);
      const second = rng.chance(0.3) ? rng.pick(tagIds) : first;
      plan(at, () => {
        tickets.addTag(seeding, staffCaller(by), ref.ticketNumber, first);
        if (second !== first) tickets.addTag(seeding, staffCaller(by), ref.ticketNumber, second);
      });
    }
    const closeChance = age > 3 * DAY_MS ? 0.7 : 0.2;
    if (rng.chance(closeChance) && step(48)) {
      const closer = !staffAuthor && rng.chance(0.1) ? authorCaller : staffCaller(owner ?? rng.pick(inDepartment(currentDept)));
      plan(at, () => tickets.close(seeding, closer, ref.ticketNumber));
      if (rng.chance(0.08) && step(72)) {
        plan(at, () => tickets.reopen(seeding, authorCaller, ref.ticketNumber));
        if (owner !== null && step(12)) {
          const by = owner;
          const content = rng.pick(STAFF_REPLIES[lang]);
          plan(at, () => tickets.comment(seeding, staffCaller(by), ref.ticketNumber, { content }));
        }
      }
    }
    if (owner !== null && rng.chance(0.6) && step(12)) {
      const by = owner;
      plan(at, () => tickets.seen(seeding, staffCaller(by), ref.ticketNumber));
    }
  });

  steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
  repo.tx(() => {
    for (const s of steps) {
      clock = s.at;
      s.run();
    }
  });
  return { staff, users };
}
