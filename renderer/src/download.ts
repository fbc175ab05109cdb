import type { DownloadView } from '../../electron/contract';

/**
 * Saves downloaded bytes the way a page would: a Blob behind a temporary <a download>. Chromium
 * and Electron both show their normal save flow for it; nothing touches the file system directly.
 */
export function saveDownload(d: DownloadView, doc: Document = document): void {
  const binary = atob(d.dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: d.contentType || 'application/octet-stream' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = d.displayName || d.fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not now: the browser reads the URL after this function returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
