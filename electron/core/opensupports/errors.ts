/**
 * Every failure of the protocol client is one of these kinds. Each carries a sentence a
 * person can act on (`message`) and enough structure for code to decide what to do.
 */

export type ErrorKind = 'api' | 'session-expired' | 'network' | 'protocol';

export abstract class OpenSupportsError extends Error {
  abstract readonly kind: ErrorKind;
}

/** The server understood the call and refused it with one of its codes. */
export class ApiError extends OpenSupportsError {
  readonly kind = 'api';
  constructor(
    readonly code: string,
    readonly path: string,
  ) {
    super(describeApiCode(code));
    this.name = 'ApiError';
  }
}

/** The sign-in is gone and could not be renewed silently: the person must sign in again. */
export class SessionExpired extends OpenSupportsError {
  readonly kind = 'session-expired';
  constructor(readonly reason = 'Your session on this helpdesk has ended. Sign in again to continue.') {
    super(reason);
    this.name = 'SessionExpired';
  }
}

export type NetworkReason = 'offline' | 'dns' | 'refused' | 'reset' | 'timeout' | 'aborted' | 'tls' | 'other';

/** The request may not have reached the server, or its answer never arrived. */
export class NetworkError extends OpenSupportsError {
  readonly kind = 'network';
  constructor(
    readonly reason: NetworkReason,
    readonly host: string,
    readonly detail?: string,
  ) {
    super(describeNetwork(reason, host));
    this.name = 'NetworkError';
  }
  /** True when the server may have processed the request even though we saw no answer. */
  get mayHaveReachedServer(): boolean {
    return this.reason === 'timeout' || this.reason === 'reset' || this.reason === 'aborted' || this.reason === 'other';
  }
}

export type ProtocolReason =
  | 'not-found'
  | 'html'
  | 'not-json'
  | 'truncated'
  | 'not-envelope'
  | 'shape'
  | 'http-status'
  | 'not-opensupports';

/** An answer came back, but it is not what an OpenSupports API sends. */
export class ProtocolError extends OpenSupportsError {
  readonly kind = 'protocol';
  constructor(
    readonly reason: ProtocolReason,
    readonly path: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(describeProtocol(reason, path, detail, status));
    this.name = 'ProtocolError';
  }
}

export function isOpenSupportsError(e: unknown): e is OpenSupportsError {
  return e instanceof OpenSupportsError;
}

function describeNetwork(reason: NetworkReason, host: string): string {
  switch (reason) {
    case 'offline':
      return 'This computer appears to be offline. Check the network connection.';
    case 'dns':
      return `The helpdesk address "${host}" could not be found. Check the URL for typos.`;
    case 'refused':
      return `${host} refused the connection. The helpdesk may be down or the port may be wrong.`;
    case 'reset':
      return `The connection to ${host} was cut off. Try again in a moment.`;
    case 'timeout':
      return `${host} did not answer in time. The helpdesk may be overloaded or unreachable.`;
    case 'aborted':
      return 'The request was cancelled.';
    case 'tls':
      return `The secure connection to ${host} failed. Its certificate may be invalid or expired.`;
    default:
      return `Could not reach ${host}. Check the network connection and the helpdesk URL.`;
  }
}

function describeProtocol(reason: ProtocolReason, path: string, detail: string, status?: number): string {
  switch (reason) {
    case 'not-found':
      return `The helpdesk has no API at ${path} (HTTP 404). Check that the URL points at the OpenSupports API folder, usually ending in /api.`;
    case 'html':
      return `The helpdesk answered ${path} with a web page instead of API data${status ? ` (HTTP ${status})` : ''}. It may be misconfigured or showing an error page.`;
    case 'not-json':
      return `The helpdesk answered ${path} with something that is not API data. It may be misconfigured.`;
    case 'truncated':
      return `The helpdesk's answer to ${path} was cut off. Try again; if it keeps happening the server may be failing.`;
    case 'not-envelope':
    case 'not-opensupports':
      return `This URL does not look like an OpenSupports API (${path}: ${detail}).`;
    case 'shape':
      return `The helpdesk's answer to ${path} was not in the expected form (${detail}). It may run an unsupported OpenSupports version.`;
    case 'http-status':
      return `The helpdesk failed with HTTP ${status ?? '?'} on ${path}. Try again later.`;
  }
}

const API_CODE_SENTENCES: Record<string, string> = {
  NO_PERMISSION: 'You are not allowed to do this on this helpdesk, or the ticket is outside your departments.',
  INVALID_CREDENTIALS: 'The email or password is wrong, or this is not a staff account.',
  UNVERIFIED_USER: 'This account has not confirmed its email address yet.',
  USER_DISABLED: 'This account has been disabled by an administrator.',
  USER_EXISTS: 'An account with this email already exists.',
  INVALID_EMAIL: 'That email address is not valid here.',
  INVALID_PASSWORD: 'The password must be 6 to 200 characters.',
  INVALID_NAME: 'The name must be 1 to 200 characters.',
  INVALID_TITLE: 'The title must be 1 to 200 characters.',
  INVALID_CONTENT: 'The message is empty or longer than 10,000 bytes.',
  INVALID_TICKET: 'That ticket does not exist (any more).',
  INVALID_TICKET_EVENT: 'Only your own latest comment on an open ticket can be edited.',
  TICKET_CONTENT_CANNOT_BE_EDITED: 'The ticket text cannot be edited once it has comments.',
  TICKET_ALREADY_ASSIGNED: 'Someone already owns this ticket. Unassign it first to reassign it.',
  INVALID_STAFF: 'That staff member does not exist.',
  INVALID_DEPARTMENT: 'That staff member is not in the ticket’s department, or the department does not exist.',
  SAME_DEPARTMENT: 'The ticket is already in that department.',
  INVALID_TAG: 'That tag does not exist or is not on this ticket.',
  TAG_EXISTS: 'The ticket already has that tag.',
  INVALID_FILE: 'The file was refused: it is too large or of a type the helpdesk does not accept.',
  INVALID_PAGE: 'The page number was refused by the helpdesk.',
  INVALID_PAGE_SIZE: 'The page size was refused by the helpdesk.',
  INVALID_QUERY: 'Type something to search for.',
  INVALID_QUERY_FILTER: 'Type something to search for.',
  INVALID_USER: 'That customer does not exist.',
  INVALID_LANGUAGE: 'That language is not supported by this helpdesk.',
  INVALID_CAPTCHA: 'This helpdesk requires a captcha for this action, which Staffdesk cannot show.',
  INVALID_ORDER: 'The sort order was refused by the helpdesk.',
  INVALID_ORDER_BY: 'The sort order was refused by the helpdesk.',
  ALREADY_BANNED: 'That email address is banned on this helpdesk.',
};

const FILTER_CODE = /^INVALID_(\w+)_FILTER$/;

export function describeApiCode(code: string): string {
  const known = API_CODE_SENTENCES[code];
  if (known) return known;
  const filter = FILTER_CODE.exec(code);
  if (filter?.[1]) return `The ${filter[1].toLowerCase().replace(/_/g, ' ')} filter was refused by the helpdesk.`;
  if (/^[A-Z_]+$/.test(code)) return `The helpdesk refused the request (${code}).`;
  // Raw database or PHP text: a server fault, shown as-is so it can be reported.
  return `The helpdesk failed with an internal error: ${code.slice(0, 200)}`;
}
