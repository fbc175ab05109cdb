/**
 * Retry delays for a helpdesk that cannot be reached. Exponential so a dead server is not
 * hammered, jittered (±20 %) so many clients that lost the same server do not return in
 * lockstep; the jitter is narrower than the doubling, so each delay is longer than the last
 * until the cap.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 };

/** Delay before retry number `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(raw * (0.8 + 0.4 * r));
}

/** "40 s", "2 min", "1 min 20 s": short enough for a status line. */
export function describeDelay(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}
