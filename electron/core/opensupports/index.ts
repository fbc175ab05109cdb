export * from './errors';
export * from './client';
export * from './probe';
export * from './schemas';
export { parseApiRoot, InvalidUrl } from './api-root';
export type { UploadFile } from './encoding';
export type { CallOptions, FetchLike, RawDownload } from './transport';
