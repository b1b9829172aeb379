import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import path from 'node:path';
import type { PageConfig } from '../config.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** An empty page on the same origin, for test peers (offerers) that need a secure context. */
export const BLANK_PAGE_PATH = '/testing/blank.html';

export interface PageServerOptions {
  /** Folder served at the root (e.g. the built dist/). */
  root: string;
  /** Answers `GET /local/page-config/{endpointId}?role=...`; undefined means 404. */
  pageConfig?: (endpointId: string, role: string, origin: string) => PageConfig | undefined;
  /**
   * A KVS emulator to put behind the same origin: POSTs and WebSocket upgrades the server does
   * not serve itself go there, with the Host header kept (SigV4 signs it), and the emulator's
   * own address in answers is replaced by this origin. Browsers then reach the KVS API
   * same-origin, with no CORS needed.
   */
  kvsEndpoint?: string;
}

export interface PageServer {
  /** `http://localhost:<port>`: a secure context for getUserMedia. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** A static server on localhost:0 for browser tests of the pages. */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  let origin = '';
  const upstream = options.kvsEndpoint ? new URL(options.kvsEndpoint) : undefined;

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const file = path.join(options.root, path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, ''));
    const target = existsSync(file) && statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
    if (!target.startsWith(path.resolve(options.root)) || !existsSync(target)) {
      res.statusCode = 404;
      return res.end('not found');
    }
    res.setHeader('content-type', TYPES[path.extname(target)] ?? 'application/octet-stream');
    res.setHeader('cache-control', 'no-store');
    if (req.method === 'HEAD') return res.end();
    createReadStream(target).pipe(res);
  };

  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    if (!upstream) {
      res.statusCode = 404;
      return res.end();
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8').split(upstream.host).join(new URL(origin).host);
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    forward.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(forward);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const config = /^\/local\/page-config\/([^/]+)$/.exec(url.pathname);
    if (config && req.method === 'GET') {
      const found = options.pageConfig?.(decodeURIComponent(config[1]!), url.searchParams.get('role') ?? 'camera', origin);
      res.setHeader('content-type', 'application/json');
      res.statusCode = found ? 200 : 404;
      return res.end(JSON.stringify(found ?? { error: 'NOT_FOUND' }));
    }
    if (url.pathname === BLANK_PAGE_PATH) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end('<!doctype html><html><head><link rel="icon" href="data:,"><title>test peer</title></head><body></body></html>');
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url.pathname);
    proxy(req, res);
  });

  server.on('upgrade', (req, socket, head) => {
    if (!upstream) return socket.destroy();
    const out = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      out.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) out.write(head);
      out.pipe(socket);
      socket.pipe(out);
    });
    const end = () => {
      out.destroy();
      socket.destroy();
    };
    out.on('error', end);
    out.on('close', end);
    socket.on('error', end);
    socket.on('close', end);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://localhost:${port}`;
  return {
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
