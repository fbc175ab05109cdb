/**
 * A handled failure: becomes `{status:"fail", message, data:null}` with HTTP 200.
 * `message` is normally an error code from §7, but the real server also leaks raw
 * database/PHP text through the same envelope, so any string is allowed.
 */
export class ApiFail extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'ApiFail';
  }
}

export function fail(code: string): never {
  throw new ApiFail(code);
}
