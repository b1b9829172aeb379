/**
 * Serves files of a built page folder (dist/camera, dist/echo-show), never anything outside it.
 * Used by the local world's main web server (`npm start`, the pages' tests, the benchmark), for
 * every page folder alike: one set of types, traversal rules and HEAD.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

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

export interface ServeFileOptions {
  /** Served for a path that names a folder (or is empty). */
  indexFile: string;
  /** Added to every file response (e.g. a referrer policy). */
  headers?: Record<string, string>;
  /** HEAD answers headers only. */
  method?: string;
}

/**
 * Serves `relative` (a URL path already stripped of any prefix, still percent-encoded) from `root`.
 * Resolves false when there is no such file (or the path leaves `root`), so the caller answers 404.
 */
export async function serveFile(res: ServerResponse, root: string, relative: string, options: ServeFileOptions): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return false;
  }
  const base = path.resolve(root);
  let target = path.resolve(base, '.' + path.posix.normalize('/' + decoded));
  if (target !== base && !target.startsWith(base + path.sep)) return false;
  let info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) {
    target = path.join(target, options.indexFile);
    info = await stat(target).catch(() => undefined);
  }
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    ...options.headers,
  });
  if (options.method === 'HEAD') res.end();
  // pipeline, not pipe: a file gone between stat and open (a rebuild of dist/) ends this response
  // instead of raising an unhandled stream error that would take the whole server down.
  else pipeline(createReadStream(target), res, () => undefined);
  return true;
}
