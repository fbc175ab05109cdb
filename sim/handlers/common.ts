import { fail } from '../errors.js';
import type { Params } from '../http/params.js';
import { isNumeric, parseIntInRange } from '../util/php.js';

/** Required numeric `page` of the staff lists (§2.11): only "is numeric" is checked. */
export function requiredPage(params: Params): number {
  const page = params.get('page');
  if (!isNumeric(page)) fail('INVALID_PAGE');
  return Number(page);
}

/** Optional `pageSize`, an integer 5–50, default 10. */
export function optionalPageSize(params: Params): number {
  const v = params.get('pageSize');
  if (v === undefined) return 10;
  return parseIntInRange(v, 5, 50) ?? fail('INVALID_PAGE_SIZE');
}
