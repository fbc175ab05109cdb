import { CookieJar } from './cookie-jar';
import { InvalidUrl, parseApiRoot } from './api-root';
import { isOpenSupportsError, ProtocolError } from './errors';
import { Transport, type FetchLike } from './transport';
import { zCheckSession, zSettings } from './schemas';

export interface ProbeResult {
  ok: boolean;
  /** The API root that answered, to be stored for the helpdesk. */
  apiRoot: string | null;
  /** The helpdesk's own title, for a default label. */
  title: string | null;
  /** What the probe could tell about the server version. */
  version: string | null;
  /** Whether a session cookie set by this server can come back to it over this URL. */
  cookieUsable: boolean;
  warnings: string[];
  error: string | null;
}

/**
 * Says whether a URL is an OpenSupports API. A normal install serves it from {site}/api,
 * so a bare site address is tried with /api first, then as given.
 */
export async function probeHelpdesk(input: string, options: { fetch?: FetchLike; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProbeResult> {
  let root: URL;
  try {
    root = parseApiRoot(input);
  } catch (error) {
    return failure(error instanceof InvalidUrl ? error.message : String(error));
  }
  const candidates = root.pathname.endsWith('/api') ? [root] : [withApi(root), root];
  let lastError = '';
  for (const candidate of candidates) {
    const jar = new CookieJar();
    const transport = new Transport({ apiRoot: candidate, fetch: options.fetch, timeoutMs: options.timeoutMs ?? 10_000, jar });
    try {
      const settingsRaw = await transport.post('/system/get-settings', {}, { signal: options.signal });
      const settings = zSettings.safeParse(settingsRaw);
      if (!settings.success) throw new ProtocolError('not-opensupports', '/system/get-settings', 'the settings are not in the OpenSupports form');
      const session = zCheckSession.safeParse(await transport.post('/user/check-session', {}, { signal: options.signal }));
      if (!session.success) throw new ProtocolError('not-opensupports', '/user/check-session', 'no session status');
      const warnings: string[] = [];
      const blocked = jar.hasSecureCookieBlockedFor(candidate);
      if (candidate.protocol === 'http:') {
        warnings.push(
          blocked
            ? 'This helpdesk marks its session cookie Secure, so sign-in cannot work over http://. Use its https:// address.'
            : 'This address uses plain http://: passwords and the session travel unencrypted. Use https:// on a real network.',
        );
      }
      return {
        ok: !blocked,
        apiRoot: candidate.href.replace(/\/$/, ''),
        title: settings.data.title,
        version: describeVersion(settingsRaw),
        cookieUsable: !blocked,
        warnings,
        error: blocked ? warnings[0] ?? null : null,
      };
    } catch (error) {
      lastError = isOpenSupportsError(error) ? error.message : String(error);
      // A network failure will not be cured by another path on the same host.
      if (isOpenSupportsError(error) && error.kind === 'network') break;
    }
  }
  return failure(lastError || 'This URL does not look like an OpenSupports helpdesk.');
}

function withApi(root: URL): URL {
  const url = new URL(root.href);
  url.pathname = `${root.pathname.replace(/\/+$/, '')}/api`;
  return url;
}

/** OpenSupports has no version call; the settings' keys date the API closely enough. */
function describeVersion(settings: unknown): string {
  const keys = settings && typeof settings === 'object' ? Object.keys(settings) : [];
  if (keys.includes('default-is-locked') && keys.includes('session-prefix')) return 'OpenSupports 4.x (4.11-compatible API)';
  return 'OpenSupports 4.x (older than 4.11; some features may be missing)';
}

function failure(error: string): ProbeResult {
  return { ok: false, apiRoot: null, title: null, version: null, cookieUsable: false, warnings: [], error };
}
