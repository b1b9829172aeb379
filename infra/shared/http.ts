/**
 * The few HTTP chores the local stand-in servers share, so each server only holds its own
 * protocol: listen on loopback, read a bounded body, answer JSON, escape text for HTML pages, and
 * close without waiting for idle keep-alive sockets. `listen` builds a server around a handler;
 * `listenOn` starts one built elsewhere (dynalite, or a server that also takes WebSocket upgrades).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** Reads the whole body, refusing past `limit` bytes so a runaway client cannot fill memory. */
export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain;charset=UTF-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface RunningServer {
  server: Server;
  port: number;
  /** http://<host>:<port> with IPv6 hosts bracketed. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on loopback (port 0 unless told). A handler that throws answers 500 rather
 * than leaving the client hanging.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  opts: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const listener: RequestListener = (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: err instanceof Error ? err.message : 'internal error' });
        else res.destroy();
      });
  };
  const server = createServer(listener);
  // Alexa, the SDKs and browsers keep connections alive and reuse them with no idle limit of their
  // own: a server that closes an idle socket at the moment a client reuses it makes that request fail
  // with ECONNRESET (seen from the local Alexa, whose Lambda client does not retry). A long idle
  // timeout, like AWS's endpoints keep, makes that race rare; close() still ends every connection.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return listenOn(server, opts);
}

/** Listens with an existing server on loopback (port 0 unless told); rejects if the port is taken. */
export async function listenOn(server: Server, opts: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    endpoint: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The request's path and query, parsed against a dummy base (only the path part matters). */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://local');
}

/** Bearer token from an Authorization header, whatever the scheme's case. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() || undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Text made safe to put in HTML content or a quoted attribute (the local pages served from strings). */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
