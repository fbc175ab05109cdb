/**
 * The chronological order of the original recording session. The recording files are
 * grouped by theme, but the exchanges were made interleaved against one live server,
 * so replaying file by file would not reproduce the state each answer was taken in.
 *
 * How the order was worked out:
 *  - Set-Cookie expiry stamps: auth logins expire 15:35:09–10, session.json logins 15:35:11,
 *    so auth comes first and session second.
 *  - Event ids: the two pre-existing comments are ids 1–2; ticket.json's actions create ids
 *    3..18 strictly in file order (#2 ASSIGN=3 ... #39 RE_OPEN=18), so ticket.json replays as a block.
 *  - Notes and data: "before any assignment" lists show every ticket open and unassigned, the
 *    original title "How do I change my email?" and no tags; "after" lists show the edited titles,
 *    the tag "urgent", owners and the closed tickets; staff/get-all shows assignedTickets 0 before
 *    and 1/0/1 after; stats show closed 2 / reopened 1; ticket-search shows event id 18, i.e. the
 *    final state; users.json#8 (alice's user/get) shows the final state of her tickets.
 *  - alice logs out in session.json#18–19, yet her token #1 succeeds later (ticket.json#16, #21,
 *    #22, users.json#8): those two exchanges were the last of the session.
 */

const range = (file: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${file}#${from + i}`);

export interface ReplayPhase {
  why: string;
  keys: string[];
}

export const REPLAY_PHASES: readonly ReplayPhase[] = [
  { why: 'logins of every actor (earliest Set-Cookie stamps, 15:35:09–10)', keys: range('auth.json', 0, 12) },
  {
    why: 'jar A/B and remember-me logins (stamps 15:35:11); #8 needs admin#1 from auth; alice logout (#18–19) is held back',
    keys: range('session.json', 0, 17),
  },
  { why: 'refusals and transport quirks: no state change, tokens from the logins above', keys: [...range('errors.json', 0, 19), ...range('http.json', 0, 7)] },
  {
    why: 'boot reads: staff/get-all still shows assignedTickets 0; settings, custom responses and tags never change',
    keys: [...range('staff.json', 0, 4), ...range('system.json', 0, 3), ...range('ticket-meta.json', 0, 3)],
  },
  {
    why: '"before any assignment": every ticket open/unassigned, original titles, no tags, admin has no last-events',
    keys: ['staff.json#5', ...range('staff-ticket-lists.json', 0, 9)],
  },
  { why: 'the actions: event ids 3..18 are created in exactly this file order', keys: range('ticket.json', 0, 42) },
  {
    why: '"after actions": last-events of admin end with event 10, sam\'s list is empty again, edited titles, tags, closed tickets',
    keys: [...range('staff.json', 6, 8), ...range('staff-ticket-lists.json', 10, 15)],
  },
  { why: 'ticket/search sees the final state (event id 18 present)', keys: range('ticket-search.json', 0, 29) },
  { why: 'stats: closed 2 / reopened 1, so after the closes and re-opens; /system/stats 404', keys: range('system.json', 4, 7) },
  { why: 'users: user/get (#8) shows the final state of alice\'s tickets', keys: range('users.json', 0, 9) },
  { why: 'alice logs out last: her token #1 was used successfully in every earlier phase', keys: range('session.json', 18, 19) },
];

export const REPLAY_ORDER: readonly string[] = REPLAY_PHASES.flatMap((p) => p.keys);
