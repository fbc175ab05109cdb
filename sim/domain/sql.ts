import { fail } from '../errors.js';

/** `%text%` for LIKE with the wildcard characters of the user's text escaped (use with ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The server computes `(page-1)*size` without checking the page is positive, so page
 * 0 or a negative page reaches MariaDB as a negative LIMIT offset (§5).
 */
export function offsetFor(page: number, size: number): number {
  const offset = Math.floor(page - 1) * size;
  if (offset < 0) {
    // server bug: a non-positive page is not rejected and fails in the database (§5)
    fail(
      `SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '${offset},${size}' at line 1`,
    );
  }
  return offset;
}

export function pagesFor(total: number, size: number): number {
  return Math.ceil(total / size);
}
