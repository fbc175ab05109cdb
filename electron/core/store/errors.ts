/**
 * Failures of the local store. A row that no longer matches its schema is reported where it is
 * read, naming the table, the row and the column, so a damaged or hand-edited file fails with a
 * sentence instead of an `undefined` three calls later.
 */
import type { z } from 'zod';

export class StoreRowError extends Error {
  readonly kind = 'store-row-invalid';
  constructor(
    readonly table: string,
    /** Which row, as column=value pairs of its key (never its content). */
    readonly rowKey: string,
    readonly problems: readonly string[],
  ) {
    super(`Staffdesk's local data has an unreadable row in "${table}" (${rowKey}): ${problems.join('; ')}.`);
    this.name = 'StoreRowError';
  }
}

/** A migration threw: this is a bug in this build, so the file is left exactly as it was. */
export class MigrationError extends Error {
  readonly kind = 'store-migration-failed';
  constructor(
    readonly version: number,
    cause: unknown,
  ) {
    super(`Staffdesk could not upgrade its local data to version ${version}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

/** Turns zod issues into "column: problem" strings without echoing the offending values. */
export function describeIssues(error: z.ZodError, under?: string): string[] {
  return error.issues.map((issue) => {
    const path = [...(under === undefined ? [] : [under]), ...issue.path.map(String)];
    const where = path.length > 0 ? path.join('.') : 'row';
    return `${where}: ${issue.message}`;
  });
}
