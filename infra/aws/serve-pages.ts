/**
 * `npx tsx infra/aws/serve-pages.ts [--port 8080] [--dir dist/camera]`
 *
 * Serves the built pages (dist/camera) on http://localhost:<port>, the default page origin of the
 * stack. Browsers treat localhost as a secure context, so camera and microphone work without
 * TLS; the pages talk to KVS and the device API directly (CORS). Listens on loopback only.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { serveFile } from '../shared/static-files.js';

export function createPageServer(rootDir: string): Server {
  const root = path.resolve(rootDir);
  return createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      const served = await serveFile(res, root, pathname, {
        indexFile: 'camera.html',
        method: req.method,
        // The page URL's fragment carries credentials: keep them out of Referer headers.
        headers: { 'referrer-policy': 'no-referrer' },
      });
      if (!served) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, dir: { type: 'string', default: path.join(repoRoot, 'dist/camera') } } });
  const port = Number(values.port);
  createPageServer(values.dir).listen(port, '127.0.0.1', () => {
    console.log(`Serving ${values.dir} on http://localhost:${port}/ (open the URL that npm run camera-url prints)`);
  });
}
