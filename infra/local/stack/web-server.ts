/**
 * The local world's main web server (PORT): the index, the pages (dist/camera, dist/echo-show) with
 * their site-config.json, the KVS API on the pages' own origin, the local Alexa's routes and /health.
 * It listens first and answers 503 until the world is up, so `GET /health` can be polled from the
 * start. A world without some part (no local Alexa in the camera tests) leaves its routes out.
 * The local origin policy comes first (../request-guard.ts): loopback Hosts only (DNS rebinding),
 * no Origin but its own (the pages are served from here and call it same-origin), JSON bodies only
 * (the local Alexa's routes; the KVS API is restJson1), the signaling WebSocket from its pages only.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOn, sendJson as sendJsonWith } from '../../shared/http.js';
import path from 'node:path';
import { SITE_CONFIG_FILE, type SiteConfig } from '../../../contracts/site-config.js';
import { serveFile } from '../../shared/static-files.js';
import { requestGuard } from '../request-guard.js';
import type { KvsProxy } from './kvs-proxy.js';

export interface StackRoutes {
  indexPage?(): string;
  /** The pages' site-config.json (beside them, at /camera/site-config.json); `origin` is this server as the page reached it. */
  siteConfig?(origin: string): SiteConfig;
  /** The KVS API, same-origin for the pages. */
  kvs?: KvsProxy;
  /** The local Alexa's routes; true when it took the request. */
  alexa?(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  health(): Record<string, unknown>;
}

/** A built folder served under a path prefix, e.g. `{ prefix: '/camera/', dir: 'dist/camera', index: 'camera.html' }`. */
export interface StaticFolder {
  prefix: string;
  dir: string;
  index?: string;
}

export interface WebServer {
  readonly port: number;
  /** http://localhost:<port>: browsers treat localhost as a secure context (camera, microphone). */
  readonly url: string;
  setRoutes(routes: StackRoutes): void;
  close(): Promise<void>;
}

/** The largest body it takes: an SDP offer to the local Alexa, a KVS call it forwards. */
const MAX_BODY_BYTES = 1024 * 1024;

/** `folders`: served beside the pages (the benchmark's baseline page, a blank page for test offerers). */
export async function startWebServer(opts: { host: string; port: number; distDir: string; folders?: StaticFolder[] }): Promise<WebServer> {
  let routes: StackRoutes | undefined;
  const pages: StaticFolder[] = [
    { prefix: '/camera/', dir: path.join(opts.distDir, 'camera'), index: 'camera.html' },
    { prefix: '/echo-show/', dir: path.join(opts.distDir, 'echo-show'), index: 'echo-show.html' },
    ...(opts.folders ?? []),
  ];

  // Its pages are its own origin: no other page may call it, nor needs CORS.
  // Another site may link to a page here, not load the local Alexa's routes behind the person's back.
  const guard = requestGuard({ origins: [], allowOwnOrigin: true, pagesOnlyNavigatedTo: true, bodyTypes: ['application/json'], maxBodyBytes: MAX_BODY_BYTES });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (guard.refuse(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/health') {
      return sendJson(res, routes ? 200 : 503, routes ? routes.health() : { status: 'starting' });
    }
    if (!routes) return sendJson(res, 503, { error: 'The local stack is still starting; try again in a moment.' });
    if (routes.kvs?.handles(req, url.pathname)) return routes.kvs.forward(req, res);
    if (routes.alexa?.(req, res, url)) return;
    if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed.' });

    if (url.pathname === '/' && routes.indexPage) return sendHtml(res, routes.indexPage());
    if (url.pathname === `${pages[0]!.prefix}${SITE_CONFIG_FILE}` && routes.siteConfig) return sendJson(res, 200, routes.siteConfig(`http://${req.headers.host}`));
    for (const page of pages) {
      if (url.pathname === page.prefix.slice(0, -1)) return redirect(res, page.prefix + url.search);
      if (url.pathname.startsWith(page.prefix) && (await serveFile(res, page.dir, url.pathname.slice(page.prefix.length), { indexFile: page.index ?? 'index.html', method: req.method }))) return;
    }
    sendJson(res, 404, { error: 'Not found.' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('local stack web server:', err);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error; see the terminal running npm start.' });
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refused = guard.refuseUpgrade(req);
    if (refused || !routes?.kvs || !routes.kvs.isSignalingUpgrade(req)) {
      const status = refused?.status ?? 404;
      const body = JSON.stringify({ error: refused?.code ?? 'NOT_FOUND', message: refused?.message ?? 'No WebSocket here.' });
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    routes.kvs.upgrade(req, socket, head);
  });
  const { port } = await listenOn(server, { host: opts.host, port: opts.port });
  return {
    port,
    url: `http://localhost:${port}`,
    setRoutes(r) {
      routes = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => sendJsonWith(res, status, body, { 'cache-control': 'no-store' });

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { location });
  res.end();
}
