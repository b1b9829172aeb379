/**
 * The local origin policy on a real HTTP server: every refusal is answered before the service's
 * handler runs, and what is allowed reaches it. Raw requests (node:http) so that Host, Origin and
 * Sec-Fetch-Site can be sent as a browser or a rebinding site would send them.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackOrigins, requestGuard, type GuardOptions } from './request-guard.js';

const PAGE = 'http://localhost:8080';

interface Served {
  port: number;
  calls: number;
  close(): Promise<void>;
}

const servers: Served[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(options: GuardOptions): Promise<Served> {
  const guard = requestGuard(options);
  const served: Served = { port: 0, calls: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (guard.refuse(req, res)) return;
    served.calls += 1;
    req.resume();
    req.on('end', () => res.end('served'));
  });
  server.on('upgrade', (req, socket) => {
    const refused = guard.refuseUpgrade(req);
    socket.end(refused ? `HTTP/1.1 ${refused.status} Refused\r\nconnection: close\r\n\r\n` : 'HTTP/1.1 501 Not Implemented\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.port = (server.address() as AddressInfo).port;
  served.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  servers.push(served);
  return served;
}

interface Sent {
  method?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

function send(s: Served, o: Sent = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: s.port, method: o.method ?? 'GET', path: '/x', headers: { host: o.host ?? `127.0.0.1:${s.port}`, ...o.headers, ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('the local origin policy', () => {
  let pages: Served;
  let programs: Served;
  beforeAll(async () => {
    pages = await serve({ origins: [PAGE], cors: { methods: ['GET', 'POST'], headers: ['content-type', 'authorization'] }, maxBodyBytes: 64 });
    programs = await serve({ origins: [], bodyTypes: ['application/x-amz-json-1.0'] });
  });

  it('serves only loopback names with the port the request came in on (DNS rebinding), or a port it is also served at', async () => {
    const before = pages.calls;
    expect((await send(pages, { host: 'attacker.example' })).status).toBe(421);
    expect((await send(pages, { host: `attacker.example:${pages.port}` })).status).toBe(421);
    expect((await send(pages, { host: `localhost:${pages.port + 1}` })).status).toBe(421);
    expect((await send(pages, { host: '127.0.0.2:' + pages.port })).status).toBe(421);
    expect(pages.calls).toBe(before);
    for (const host of [`localhost:${pages.port}`, `127.0.0.1:${pages.port}`, `[::1]:${pages.port}`]) expect((await send(pages, { host })).status).toBe(200);
    const forwarded = await serve({ origins: [], alsoServedAt: () => [8080] });
    expect((await send(forwarded, { host: 'localhost:8080' })).status).toBe(200);
    expect((await send(forwarded, { host: 'localhost:8081' })).status).toBe(421);
    const signedOnly = await serve({ origins: [], anyLoopbackPort: true });
    expect((await send(signedOnly, { host: 'localhost:1234' })).status).toBe(200);
    expect((await send(signedOnly, { host: 'attacker.example:1234' })).status).toBe(421);
  });

  it('refuses a foreign Origin with 403 and no CORS headers, and answers the allowed page with them', async () => {
    const before = pages.calls;
    for (const origin of ['http://127.0.0.2:8080', 'http://localhost:8081', 'https://attacker.example', 'null']) {
      const res = await send(pages, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'FORBIDDEN_ORIGIN' });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(pages.calls).toBe(before);
    const allowed = await send(pages, { method: 'POST', headers: { origin: PAGE, 'content-type': 'application/json' }, body: '{}' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(PAGE);
    // A program sends no Origin: it is served (and signs, where the service signs).
    expect((await send(pages, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  });

  it('answers preflights for the allowed page and methods only', async () => {
    const ok = await send(pages, { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': PAGE, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type, authorization' });
    expect((await send(pages, { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'DELETE' } })).status).toBe(403);
    const foreign = await send(pages, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.2:8080', 'access-control-request-method': 'POST' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes bodies of its types only (415), bodyless requests without one, and refuses a body declared too large (413)', async () => {
    const before = pages.calls;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await send(pages, { method: 'POST', headers: { 'content-type': type }, body: 'a=1' })).status, type).toBe(415);
    }
    expect((await send(pages, { method: 'POST', body: '{}' })).status).toBe(415);
    expect((await send(pages, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(100) }) })).status).toBe(413);
    expect(pages.calls).toBe(before);
    expect((await send(pages, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' })).status).toBe(200);
    expect((await send(pages, { method: 'POST' })).status).toBe(200);
    expect((await send(programs, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' })).status).toBe(200);
    expect((await send(programs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(415);
    // A store of blobs takes any type, still within its size and from its pages only.
    const blobs = await serve({ origins: [PAGE], bodyTypes: 'any', maxBodyBytes: 64 });
    expect((await send(blobs, { method: 'PUT', headers: { 'content-type': 'image/jpeg', origin: PAGE }, body: 'jpeg' })).status).toBe(200);
    expect((await send(blobs, { method: 'PUT', headers: { 'content-type': 'image/jpeg', origin: 'http://127.0.0.2:9' }, body: 'jpeg' })).status).toBe(403);
    expect((await send(blobs, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: 'x'.repeat(100) })).status).toBe(413);
  });

  it('where no page may call, refuses anything a browser sent, an <img> without Origin too', async () => {
    const before = programs.calls;
    expect((await send(programs, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' } })).status).toBe(403);
    expect((await send(programs, { headers: { origin: PAGE } })).status).toBe(403);
    expect(programs.calls).toBe(before);
    // Node's fetch marks its requests Sec-Fetch-Mode only: a program still.
    expect((await send(programs, { headers: { 'sec-fetch-mode': 'cors' } })).status).toBe(200);
  });

  it('lets a server\'s own page post back to it (a sign-in form) and no other', async () => {
    const own = await serve({ origins: [], allowOwnOrigin: true, bodyTypes: ['application/x-www-form-urlencoded'] });
    for (const origin of loopbackOrigins(own.port)) {
      expect((await send(own, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: 'a=1' })).status).toBe(200);
    }
    expect((await send(own, { method: 'POST', headers: { origin: PAGE, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).status).toBe(403);
    // A top-level navigation from elsewhere carries no Origin: the page is shown (GET only).
    expect((await send(own, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } })).status).toBe(200);
  });

  it('where it serves pages, lets another site link to them but not fetch from them in the background', async () => {
    const site = await serve({ origins: [], allowOwnOrigin: true, pagesOnlyNavigatedTo: true });
    const before = site.calls;
    for (const from of ['cross-site', 'same-site']) {
      for (const mode of ['no-cors', 'cors']) {
        expect((await send(site, { headers: { 'sec-fetch-site': from, 'sec-fetch-mode': mode } })).status, `${from} ${mode}`).toBe(403);
      }
      // A frame is a navigation too, but not a top-level one.
      for (const dest of ['iframe', 'object', 'embed']) {
        expect((await send(site, { headers: { 'sec-fetch-site': from, 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': dest } })).status, `${from} ${dest}`).toBe(403);
      }
      // A POST navigation (a form) carries an Origin, which is refused as foreign.
      expect((await send(site, { method: 'POST', headers: { 'sec-fetch-site': from, 'sec-fetch-mode': 'navigate', origin: 'http://127.0.0.2:9', 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    }
    expect(site.calls).toBe(before);
    // A link from elsewhere, the site's own page, a typed address and a program are served.
    const linked = await send(site, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
    expect(linked.status).toBe(200);
    // ... and never inside another page's frame.
    expect(linked.headers['x-frame-options']).toBe('DENY');
    expect(linked.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect((await send(site, { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } })).status).toBe(200);
    expect((await send(site, { headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' } })).status).toBe(200);
    expect((await send(site)).status).toBe(200);
    expect(site.calls).toBe(before + 4);
  });

  it('checks WebSocket upgrades for the Host and the Origin', async () => {
    const status = (origin: string | undefined, host?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${pages.port}/`, { ...(origin ? { origin } : {}), ...(host ? { headers: { host } } : {}) });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await status('http://127.0.0.2:8080')).toBe(403);
    expect(await status(PAGE, 'attacker.example')).toBe(421);
    expect(await status(PAGE)).toBe(501);
    expect(await status(undefined)).toBe(501);
  });
});
