import type { SessionData } from '../session.js';
import type { World } from '../world.js';
import type { Params } from './params.js';

/** What a path handler sees of one request. */
export interface RequestContext {
  readonly world: World;
  readonly params: Params;
  /** The session behind the request's PHPSESSID cookie, if that session exists. */
  readonly session: SessionData | undefined;
  readonly sessionId: string | undefined;
  /**
   * Starts a session under a new id and sends its cookie. Logins use this: PHP
   * regenerates the id, and the old session keeps its old contents (§8.3).
   */
  startSession(data: Partial<Omit<SessionData, 'lastActive'>>): string;
  /** Destroys the session behind the cookie (logout). */
  endSession(): void;
}

/** A path handler: returns `data` for the success envelope or throws ApiFail. */
export type Handler = (ctx: RequestContext) => unknown;
