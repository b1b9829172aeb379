/**
 * Serves a built page folder (dist/camera, dist/echo-show) under a URL prefix, never outside it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** Serves `relative` (already stripped of the prefix) from `root`; false when there is no such file. */
export async function serveFile(res: ServerResponse, root: string, relative: string, indexFile: string): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return false;
  }
  const target = path.resolve(root, '.' + path.posix.normalize('/' + (decoded === '' || decoded.endsWith('/') ? decoded + indexFile : decoded)));
  if (target !== root && !target.startsWith(root + path.sep)) return false;
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
  });
  createReadStream(target).pipe(res);
  return true;
}
