import { randomBytes } from 'node:crypto';
import { DAY_MS } from './util/dates.js';

/** What the PHP session behind one `PHPSESSID` cookie holds. */
export interface SessionData {
  /** The csrf token issued at login; a session without one is "not logged in" (§2.6.9). */
  token: string | null;
  /** `csrf_userid` must equal this exact string (§2.3.4). */
  userId: string | null;
  staff: boolean;
  /** Set for ticket sessions created by /ticket/check (§2.6.8). */
  ticketNumber: string | null;
  lastActive: number;
}

/** The server asks PHP for a 30-day lifetime (§2.6.6). */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;

/**
 * Server-side session storage. Like PHP's file store it lives outside the database:
 * there is nothing to list or revoke through the API.
 */
export class SessionStore {
  private readonly sessions = new Map<string, SessionData>();

  constructor(private readonly now: () => Date) {}

  get(id: string | undefined): SessionData | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const t = this.now().getTime();
    if (t - s.lastActive > SESSION_LIFETIME_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastActive = t;
    return s;
  }

  private created = 0;
  /** Every session id, csrf token and remember token handed out, so tests can scan for leaks. */
  private readonly issuedValues: string[] = [];

  noteIssued(value: string): void {
    this.issuedValues.push(value);
  }

  issued(): readonly string[] {
    return this.issuedValues;
  }

  /** A fresh session id in PHP's default alphabet and length. */
  create(data: Partial<Omit<SessionData, 'lastActive'>> = {}): string {
    // Like PHP's session garbage collector: now and then drop sessions idle past their lifetime.
    if (++this.created % 256 === 0) this.sweep();
    let id: string;
    do {
      id = [...randomBytes(26)].map((b) => '0123456789abcdefghijklmnopqrstuv'[b & 31]).join('');
    } while (this.sessions.has(id));
    this.issuedValues.push(id);
    if (data.token) this.issuedValues.push(data.token);
    this.sessions.set(id, {
      token: data.token ?? null,
      userId: data.userId ?? null,
      staff: data.staff ?? false,
      ticketNumber: data.ticketNumber ?? null,
      lastActive: this.now().getTime(),
    });
    return id;
  }

  private sweep(): void {
    const t = this.now().getTime();
    for (const [id, s] of this.sessions) if (t - s.lastActive > SESSION_LIFETIME_MS) this.sessions.delete(id);
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  size(): number {
    return this.sessions.size;
  }
}
