import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../contracts/site-config.js';
import { kvsProxy } from './kvs-proxy.js';
import { startWebServer, type StackRoutes, type WebServer } from './web-server.js';

let dist: string;
let web: WebServer;
const served: string[] = [];

/** A raw GET with a chosen Host header (fetch will not send a foreign one). */
function getWithHost(port: number, pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A loopback port with nothing listening: the KVS emulator is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let routes: StackRoutes;
const baseRoutes = (kvsPort: number): StackRoutes => ({
  indexPage: () => '<h1>index</h1>',
  siteConfig: (origin) => {
    served.push(origin);
    return { region: 'us-east-1', kvsEndpoint: origin } as SiteConfig;
  },
  kvs: kvsProxy(`http://127.0.0.1:${kvsPort}`),
  alexa: () => false,
  health: () => ({ status: 'ok' }),
});

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'web-server-dist-'));
  await mkdir(path.join(dist, 'echo-show'), { recursive: true });
  await writeFile(path.join(dist, 'echo-show', 'echo-show.html'), '<title>echo</title>');
  await writeFile(path.join(dist, 'secret.txt'), 'outside the page folders');
  web = await startWebServer({ host: '127.0.0.1', port: 0, distDir: dist });
  routes = baseRoutes(await closedPort());
});

afterAll(async () => {
  await web.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the local stack’s main web server', () => {
  it('answers /health with 503 until the stack is ready, then 200', async () => {
    expect((await fetch(`${web.url}/health`)).status).toBe(503);
    expect((await fetch(`${web.url}/`)).status).toBe(503);
    web.setRoutes(routes);
    expect((await fetch(`${web.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${web.url}/`)).text()).toContain('index');
  });

  it('serves page folders with their index and nothing outside them', async () => {
    web.setRoutes(routes);
    const page = await fetch(`${web.url}/echo-show/?user=bob`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${web.url}/echo-show/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${web.url}/echo-show/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${web.url}/echo-show`, { redirect: 'manual' })).headers.get('location')).toBe('/echo-show/');
  });

  it('serves the pages their site-config.json beside them, naming the origin the page used, and hands out no credentials anywhere', async () => {
    web.setRoutes(routes);
    const ok = await fetch(`${web.url}/camera/site-config.json`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({ region: 'us-east-1', kvsEndpoint: web.url });
    expect(served.at(-1)).toBe(web.url);
    // The route that handed any caller a page's credentials is gone.
    expect((await fetch(`${web.url}/local/page-config/front-door?role=camera`)).status).toBe(404);
  });

  it('refuses requests addressed to a name other than localhost (DNS rebinding)', async () => {
    web.setRoutes(routes);
    expect(await getWithHost(web.port, '/camera/site-config.json', 'attacker.example')).toBe(421);
    expect(await getWithHost(web.port, '/health', `127.0.0.1:${web.port}`)).toBe(200);
  });

  it('answers 502 when the KVS emulator behind it does not answer', async () => {
    web.setRoutes(routes);
    const res = await fetch(`${web.url}/describeSignalingChannel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(502);
  });
});
