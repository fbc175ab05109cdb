import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { NetworkError, OpenSupportsClient, ProtocolError } from '../../electron/core/opensupports';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { account } from '../support/sim';

/** The fault proxy itself: each fault reaches the client as the error kind it stands for. */
let sim: RunningSim;
let proxy: FaultProxy;
let client: OpenSupportsClient;

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
  proxy = await startFaultProxy(sim.origin);
  client = new OpenSupportsClient({ apiRoot: `${proxy.url}/api`, timeoutMs: 800 });
  await client.login({ email: 'admin@example.test', password: account(sim, 'admin@example.test').password });
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const TICKET = 196568;

describe('fault proxy', () => {
  it('passes calls through', async () => {
    expect((await client.getTicket(TICKET)).ticketNumber).toBe(TICKET);
  });

  it('refuses connections until healed', async () => {
    await proxy.set('refuse');
    // A kept-alive connection dies with the server: the first call may see a reset, not a refusal.
    const first = (await client.getTicket(TICKET).catch((e: unknown) => e)) as NetworkError;
    expect(['reset', 'refused']).toContain(first.reason);
    await expect(client.getTicket(TICKET)).rejects.toMatchObject({ reason: 'refused' });
    await proxy.heal();
    expect((await client.getTicket(TICKET)).ticketNumber).toBe(TICKET);
  });

  it('hangs (timeout), resets before the server sees the call, and answers 500 or HTML', async () => {
    await proxy.set('hang', { match: '/ticket/get', times: 1 });
    await expect(client.getTicket(TICKET)).rejects.toMatchObject({ reason: 'timeout' });
    await proxy.set('reset-before', { match: '/ticket/get', times: 1 });
    const before = proxy.forwarded.length;
    await expect(client.getTicket(TICKET)).rejects.toBeInstanceOf(NetworkError);
    expect(proxy.forwarded.length).toBe(before);
    await proxy.set('status-500', { times: 1 });
    await expect(client.getTicket(TICKET)).rejects.toMatchObject({ reason: 'http-status', status: 500 });
    await proxy.set('html', { times: 1 });
    await expect(client.getTicket(TICKET)).rejects.toBeInstanceOf(ProtocolError);
  });

  it('commits on the server, then drops the answer', async () => {
    await proxy.set('commit-then-drop', { match: '/ticket/comment', times: 1 });
    const error = (await client.comment({ ticketNumber: TICKET, content: 'committed but unanswered' }).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.mayHaveReachedServer).toBe(true);
    const ticket = await client.getTicket(TICKET);
    expect(ticket.events.filter((e) => e.content === 'committed but unanswered')).toHaveLength(1);
  });
});
