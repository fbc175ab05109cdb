export type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

export function jsonType(v: unknown): JsonType | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v as JsonType;
  return 'undefined';
}

/**
 * Decides a recorded string that stands for a volatile value (a placeholder token,
 * a redacted field). Returns a problem description, '' when the actual value is
 * acceptable, or undefined when the string is an ordinary value to compare exactly.
 */
export type VolatileCheck = (expected: string, actual: unknown, path: string) => string | undefined;

/**
 * Recursive comparison of a recorded JSON value with the simulator's: same JSON
 * type at every node, same object keys in the same order, arrays of the same length
 * compared index by index, and equal scalars unless the recorded one is volatile.
 * Returns human-readable differences (empty = match).
 */
export function diffJson(expected: unknown, actual: unknown, volatile: VolatileCheck, path = '$'): string[] {
  const te = jsonType(expected);
  const ta = jsonType(actual);
  if (te === 'string') {
    const verdict = volatile(expected as string, actual, path);
    if (verdict !== undefined) return verdict === '' ? [] : [`${path}: ${verdict}`];
  }
  if (te !== ta) return [`${path}: expected ${te} ${short(expected)}, got ${ta} ${short(actual)}`];
  if (te === 'array') {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length !== a.length) return [`${path}: expected ${e.length} elements, got ${a.length}: ${short(a)}`];
    return e.flatMap((x, i) => diffJson(x, a[i], volatile, `${path}[${i}]`));
  }
  if (te === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const ek = Object.keys(e);
    const ak = Object.keys(a);
    const missing = ek.filter((k) => !(k in a));
    const extra = ak.filter((k) => !(k in e));
    if (missing.length > 0 || extra.length > 0) return [`${path}: keys differ (missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)})`];
    const out: string[] = [];
    if (ek.join(',') !== ak.join(',')) out.push(`${path}: key order differs: expected ${ek.join(',')} got ${ak.join(',')}`);
    for (const k of ek) out.push(...diffJson(e[k], a[k], volatile, `${path}.${k}`));
    return out;
  }
  return expected === actual ? [] : [`${path}: expected ${short(expected)}, got ${short(actual)}`];
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
