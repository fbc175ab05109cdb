/**
 * PHP semantics the server applies to form values. Centralised so every handler
 * reads flags and numbers exactly the same way (§2.3.2).
 */

/** PHP truthiness of a form value: only absent, "" and "0" are false ("false" is true!). */
export function phpTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0';
}

/** PHP `is_numeric` for strings: optional sign, decimal or exponent notation, leading whitespace allowed. */
export function isNumeric(v: string | undefined): boolean {
  if (v === undefined) return false;
  return /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/.test(v);
}

/** A plain non-negative decimal id; anything else can never match a row. */
export function parseId(v: string | number | undefined | null): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (v === undefined || v === null || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

/** Integer in the range, given as a decimal string (page sizes, levels). */
export function parseIntInRange(v: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(v.trim())) return null;
  const n = Number(v.trim());
  return n >= min && n <= max ? n : null;
}

/** JSON-valued form field (§2.3.3); undefined when absent or not valid JSON. */
export function parseJsonField(v: string | undefined): unknown {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** PHP-style e-mail validation, approximated (FILTER_VALIDATE_EMAIL is stricter than most regexes, not looser). */
export function validEmail(v: string): boolean {
  return v.length <= 254 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(v);
}
