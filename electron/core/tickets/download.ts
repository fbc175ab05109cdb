/**
 * Attachments: the bytes of a stored file, with the name a person would save it under.
 */
import type { DownloadView } from '../../contract';
import { ApiError } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketsContext } from './context';

/** `t<number>_` (ticket files), `a_` / `p_` (article images, profile pictures) or nothing, then the 40-hex hash (§2.8). */
const STORED_PREFIX = /^(?:[a-z]\d*_)?[0-9a-f]{40}_(?=.)/;

export function displayNameOf(fileName: string): string {
  return fileName.replace(STORED_PREFIX, '');
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  rtf: 'application/rtf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  bz2: 'application/x-bzip2',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

/**
 * The server guesses from the last three letters and knows only jpg, png and "image/fig" (sic,
 * §2.9), so the type is decided here from the extension.
 */
export function contentTypeOf(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}

export async function download(ctx: TicketsContext, input: { helpdeskId: string; fileName: string }): Promise<DownloadView> {
  ctx.registry.get(input.helpdeskId);
  try {
    const raw = await ctx.call(input.helpdeskId, (c) => c.download(input.fileName));
    const displayName = displayNameOf(input.fileName);
    return { fileName: input.fileName, displayName, contentType: contentTypeOf(displayName), dataBase64: Buffer.from(raw.bytes).toString('base64') };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'INVALID_FILE') throw new UserFacingError('not-found', 'That file is no longer on the helpdesk.', error.code);
    if (error instanceof ApiError && error.code === 'NO_PERMISSION') throw new UserFacingError('api', 'This helpdesk does not let you download that file.', error.code);
    throw error;
  }
}
