/**
 * What the crash-trial driver types, shared with the parent that checks the outcome. Every reply
 * carries a token; its full text and whether it has an attachment follow from the token alone,
 * so a restarted driver can finish a half-typed draft exactly as the first one meant to.
 */
import { randomBytes } from 'node:crypto';

export const TOKEN = /\br[0-9a-f]{8}\b/;

export function newToken(): string {
  return `r${randomBytes(4).toString('hex')}`;
}

const PHRASES = [
  'Thanks for your patience, we are looking into it.',
  'Tom & Jerry said “it works” 😀 <- really.',
  'Could you send the invoice number (e.g. #4411)?',
  'Refund issued: 12,50 € — you will see it in 3–5 days.',
  'Line one; line two; naïve café.',
];

/** The full text of a reply, as plain text (what the person types). */
export function fullText(token: string): string {
  const n = parseInt(token.slice(1, 3), 16);
  const parts = [PHRASES[n % PHRASES.length] ?? '', PHRASES[(n >> 3) % PHRASES.length] ?? ''];
  return `${token}: ${parts.join(' ')}`;
}

/** One in four replies carries a small text file. */
export function hasAttachment(token: string): boolean {
  return parseInt(token.slice(7, 9), 16) % 4 === 0;
}

export function attachmentBytes(token: string): Buffer {
  return Buffer.from(`attachment of ${token}\n`);
}

/** The editor's HTML for a prefix of the text (in code points, so an emoji is never split). */
export function htmlOf(text: string, codePoints = Number.POSITIVE_INFINITY): string {
  const typed = Array.from(text).slice(0, codePoints).join('');
  return `<p>${typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
}

/** The prefixes a person types, in a few bursts; the first always contains the whole token. */
export function typingSteps(token: string): string[] {
  const text = fullText(token);
  const total = Array.from(text).length;
  const steps: string[] = [];
  const bursts = 3 + (parseInt(token.slice(3, 5), 16) % 4);
  for (let i = 1; i <= bursts; i++) {
    const upTo = Math.max(token.length + 1, Math.round((total * i) / bursts));
    steps.push(htmlOf(text, upTo));
  }
  return steps;
}

/** One line of the driver's log on stdout. */
export type DriverEvent =
  | { ev: 'ready'; pid: number; midSend: number; drafts: number }
  | { ev: 'typed'; ticket: number; token: string; html: string }
  | { ev: 'saved'; ticket: number; token: string; html: string }
  | { ev: 'send'; ticket: number; token: string }
  | { ev: 'sent'; ticket: number; token: string; state: string }
  | { ev: 'drained'; left: number }
  | { ev: 'error'; message: string };

export interface DriverConfig {
  mode: 'run' | 'drain';
  dataDir: string;
  apiRoot: string;
  helpdeskId: string;
  email: string;
  password: string;
  tickets: number[];
}
