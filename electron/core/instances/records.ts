/** A helpdesk as the app remembers it. Never holds a secret. */
export interface HelpdeskRecord {
  id: string;
  label: string;
  apiRoot: string;
  userEmail: string | null;
  /** The id exactly as the server returned it at login (it goes back as csrf_userid). */
  userId: string | null;
  staffName: string | null;
  staffLevel: 1 | 2 | 3 | null;
  position: number;
}

/** What the registry needs from the local store. */
export interface HelpdeskRecordStore {
  list(): HelpdeskRecord[];
  insert(record: HelpdeskRecord): void;
  update(id: string, patch: Partial<Omit<HelpdeskRecord, 'id'>>): void;
  delete(id: string): void;
}
