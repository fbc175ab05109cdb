import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rendererFile, rendererHeaders } from '../renderer-files';

/** Serves the built renderer; nothing outside its folder is reachable. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = rendererFile(root, new URL(req.url ?? '/', 'http://x').pathname);
  if (!file) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file.path);
    res.writeHead(200, rendererHeaders(file));
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}
