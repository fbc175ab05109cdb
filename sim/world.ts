import type { Repo } from './db/repo.js';
import type { SessionStore } from './session.js';

/** Everything a handler or domain rule may touch: the database, the clock, the sessions. */
export interface World {
  readonly repo: Repo;
  now(): Date;
  readonly sessions: SessionStore;
  /** `http://host:port`, known once the server listens. */
  origin: string;
  /** origin + API prefix. */
  apiRoot: string;
}
