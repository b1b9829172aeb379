import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchLocalPageConfigPath, type PageConfig } from '../../contracts/page-config.js';
import { serveFile } from '../../infra/shared/static-files.js';
import { kvsProxy } from '../../infra/local/stack/kvs-proxy.js';

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
  const kvs = options.kvsEndpoint ? kvsProxy(options.kvsEndpoint) : undefined;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const configFor = matchLocalPageConfigPath(url.pathname);
    if (configFor && req.method === 'GET') {
      const found = options.pageConfig?.(decodeURIComponent(configFor), url.searchParams.get('role') ?? 'camera', origin);
      res.setHeader('content-type', 'application/json');
      res.statusCode = found ? 200 : 404;
      return res.end(JSON.stringify(found ?? { error: 'NOT_FOUND' }));
    }
    if (url.pathname === BLANK_PAGE_PATH) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end('<!doctype html><html><head><link rel="icon" href="data:,"><title>test peer</title></head><body></body></html>');
    }
    if (kvs?.handles(req, url.pathname)) return kvs.forward(req, res);
    void serveFile(res, options.root, url.pathname, { indexFile: 'index.html', method: req.method, headers: { 'cache-control': 'no-store' } }).then((served) => {
      if (!served) res.writeHead(404).end('not found');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    if (kvs?.isSignalingUpgrade(req)) kvs.upgrade(req, socket, head);
    else socket.destroy();
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
