import WebSocket from 'ws';
import type { BridgeResult, MethodName, MethodResults } from '../../electron/contract';

export interface BridgeClient {
  call<M extends MethodName>(method: M, ...args: unknown[]): Promise<BridgeResult<MethodResults[M]>>;
  /** Every raw message the host sent, to scan for anything that must not reach a renderer. */
  received: string[];
  close(): void;
}

/** Talks to a browser host the way the renderer does: WebSocket to /bridge with the launch key. */
export async function connectBridge(hostUrl: string, options: { origin?: string } = {}): Promise<BridgeClient> {
  const url = new URL(hostUrl);
  const key = url.searchParams.get('key') ?? '';
  const ws = new WebSocket(`ws://${url.host}/bridge?key=${encodeURIComponent(key)}`, { origin: options.origin ?? url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
  });
  const received: string[] = [];
  const pending = new Map<number, (result: BridgeResult<never>) => void>();
  let nextId = 1;
  ws.on('message', (raw) => {
    const text = raw.toString();
    received.push(text);
    const message = JSON.parse(text) as { t: string; id?: number; result?: BridgeResult<never> };
    if (message.t === 'result' && message.id !== undefined && message.result) pending.get(message.id)?.(message.result);
  });
  return {
    received,
    call: (method, ...args) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve as (result: BridgeResult<never>) => void);
        ws.send(JSON.stringify({ t: 'call', id, method, args }));
      }),
    close: () => ws.close(),
  };
}
