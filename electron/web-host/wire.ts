import { z } from 'zod';
import { isMethodName, type BridgeResult, type EventName, type EventPayloads, type MethodName } from '../contract';

/** Messages on the browser host's WebSocket. */
export type ClientMessage = { t: 'call'; id: number; method: MethodName; args: unknown[] };
export type ServerMessage =
  | { t: 'result'; id: number | null; result: BridgeResult<unknown> }
  | { t: 'event'; event: EventName; payload: EventPayloads[EventName] };

const zCall = z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string(), args: z.array(z.unknown()) });

export function parseClientMessage(text: string): { ok: true; value: ClientMessage } | { ok: false; id: number | null; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: 'The request was not valid JSON.' };
  }
  const parsed = zCall.safeParse(raw);
  if (!parsed.success) return { ok: false, id: null, error: 'The request was not a call.' };
  if (!isMethodName(parsed.data.method)) return { ok: false, id: parsed.data.id, error: 'Unknown request.' };
  return { ok: true, value: { ...parsed.data, method: parsed.data.method } };
}
