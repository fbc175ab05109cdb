import { ApiFail } from '../errors.js';
import { phpTruthy } from '../util/php.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * The request parameters as PHP would see them in `$_POST`/`$_FILES`. Array-style
 * fields (`name[]=x`) become arrays, and reading one as a string fails the request
 * with PHP's warning text, exactly as recorded in http.json.
 */
export class Params {
  constructor(
    private readonly values: ReadonlyMap<string, string | string[]> = new Map(),
    private readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): string | undefined {
    const v = this.values.get(name);
    if (Array.isArray(v)) {
      // server bug: array-valued params turn into a PHP warning whose text becomes the message (http.json, §2.3.3)
      throw new ApiFail('Array to string conversion');
    }
    return v;
  }

  /** Present and not the empty string: how the server decides "was this sent". */
  given(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  flag(name: string): boolean {
    return phpTruthy(this.get(name));
  }

  file(name: string): UploadedFile | undefined {
    return this.files.get(name);
  }
}
