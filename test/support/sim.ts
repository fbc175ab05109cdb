import { OpenSupportsClient, type RememberToken } from '../../electron/core/opensupports';
import type { FetchLike } from '../../electron/core/opensupports';
import type { RunningSim } from '../../sim';

/** A fetch that counts requests per API path, to assert how many calls a flow made. */
export function countingFetch(): { fetch: FetchLike; count: (suffix: string) => number; reset: () => void } {
  const calls: string[] = [];
  return {
    fetch: (input, init) => {
      calls.push(input.pathname);
      return fetch(input, init);
    },
    count: (suffix) => calls.filter((p) => p.endsWith(suffix)).length,
    reset: () => void calls.splice(0),
  };
}

export function account(sim: RunningSim, email: string): { email: string; password: string; id: number } {
  const found = [...sim.credentials.staff, ...sim.credentials.users].find((a) => a.email === email);
  if (!found) throw new Error(`no simulator account ${email}`);
  return found;
}

export interface TestClient {
  client: OpenSupportsClient;
  remembered: (RememberToken | null)[];
}

export function newClient(sim: RunningSim, fetchImpl?: FetchLike): TestClient {
  const remembered: (RememberToken | null)[] = [];
  const client = new OpenSupportsClient({ apiRoot: sim.apiRoot, fetch: fetchImpl, timeoutMs: 5000, onRememberTokenChange: (t) => void remembered.push(t) });
  return { client, remembered };
}

export async function signedIn(sim: RunningSim, email: string, fetchImpl?: FetchLike): Promise<TestClient> {
  const tc = newClient(sim, fetchImpl);
  const { password } = account(sim, email);
  await tc.client.login({ email, password, staff: !sim.credentials.users.some((u) => u.email === email) });
  return tc;
}
