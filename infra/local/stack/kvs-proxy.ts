/**
 * The KVS emulator behind the web server's own origin. Pages on http://localhost:<PORT> then reach
 * the KVS API, its data plane and the signaling WebSocket on the one origin they were loaded from
 * (one port to open or forward, no CORS preflight on every signed call): POST routes and the
 * signaling upgrades are forwarded byte for byte with the Host header kept (SigV4 signs it), and
 * the endpoints the emulator hands out are rewritten to this origin.
 * Used by the local world's web server (infra/local/world/parts/web.ts).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { ROUTES } from '../kvs/http-api.js';

export interface KvsProxy {
  /** True for requests that belong to the KVS API. */
  handles(req: IncomingMessage, pathname: string): boolean;
  forward(req: IncomingMessage, res: ServerResponse): void;
  /** A presigned signaling WebSocket upgrade. */
  isSignalingUpgrade(req: IncomingMessage): boolean;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export function kvsProxy(emulatorEndpoint: string): KvsProxy {
  const upstream = new URL(emulatorEndpoint);
  const port = Number(upstream.port);
  return {
    handles: (req, pathname) => req.method === 'POST' && Object.hasOwn(ROUTES, pathname),

    forward(req, res) {
      const publicHost = req.headers.host ?? upstream.host;
      const out = httpRequest({ host: upstream.hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          // Endpoints in answers (GetSignalingChannelEndpoint) name the emulator; the page must use this origin.
          const body = Buffer.concat(chunks).toString('utf8').split(upstream.host).join(publicHost);
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(body) });
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      });
      out.on('error', () => {
        if (res.headersSent) return res.destroy();
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'The local KVS emulator does not answer.' }));
      });
      req.pipe(out);
    },

    isSignalingUpgrade: (req) => /[?&]X-Amz-Signature=/.test(req.url ?? ''),

    upgrade(req, socket, head) {
      const out = connect(port, upstream.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        out.write(lines.join('\r\n') + '\r\n\r\n');
        if (head.length > 0) out.write(head);
        out.pipe(socket);
        socket.pipe(out);
      });
      const end = (): void => {
        out.destroy();
        socket.destroy();
      };
      out.on('error', end);
      out.on('close', end);
      socket.on('error', end);
      socket.on('close', end);
    },
  };
}
