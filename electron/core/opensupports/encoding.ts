/**
 * Turns typed parameters into what the PHP server reads (reference §2.2–2.3):
 * booleans become 1/0 (PHP treats the string "false" as true), lists and objects become
 * JSON text in one field, absent values are omitted rather than sent as "null".
 */

export type ParamValue = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;
export type Params = Record<string, ParamValue>;

export interface UploadFile {
  name: string;
  data: Uint8Array;
  type?: string;
}

export function encodeValue(value: Exclude<ParamValue, null | undefined>): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot send a non-finite number (${value})`);
    return String(value);
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function encodeEntries(params: Params): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    out.push([key, encodeValue(value)]);
  }
  return out;
}

export function urlEncodedBody(params: Params): URLSearchParams {
  return new URLSearchParams(encodeEntries(params));
}

export function multipartBody(params: Params, files: Record<string, UploadFile>): FormData {
  const form = new FormData();
  for (const [key, value] of encodeEntries(params)) form.append(key, value);
  for (const [field, file] of Object.entries(files)) {
    // Copied into a plain ArrayBuffer-backed view: Blob does not take views over shared memory.
    form.append(field, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  return form;
}
