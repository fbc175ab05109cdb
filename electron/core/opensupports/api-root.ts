/**
 * Normalises what a person types as a helpdesk address into the API root the client posts to.
 * A normal install serves the API from {site}/api; development installs answer at a bare origin,
 * so the root is kept exactly as given once it parses (the probe decides which one works).
 */

export class InvalidUrl extends Error {
  constructor(readonly input: string, reason: string) {
    super(reason);
    this.name = 'InvalidUrl';
  }
}

export function parseApiRoot(input: string): URL {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidUrl(input, 'Enter the helpdesk address, for example https://help.example.com/api.');
  // "mailto:x" has a scheme but no "//"; "localhost:8080" is a host and port, not a scheme.
  const otherScheme = /^([a-z][a-z0-9+.-]*):(?!\/\/)(?!\d)/i.exec(trimmed);
  if (otherScheme) throw new InvalidUrl(input, `Only http and https addresses are supported, not ${otherScheme[1]}.`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidUrl(input, `"${trimmed}" is not a web address. Use the form https://help.example.com/api.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidUrl(input, `Only http and https addresses are supported, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username || url.password) throw new InvalidUrl(input, 'Leave the user name and password out of the address.');
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The URL of one API path under a root, keeping the root's own folder (e.g. /support/api). */
export function apiUrl(root: URL, path: string): URL {
  const url = new URL(root.href);
  url.pathname = `${root.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}
