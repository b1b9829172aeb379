import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageServer } from './serve-pages.js';

let dir: string;
let base: string;
let server: Server | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pages-'));
  await mkdir(path.join(dir, 'pages'));
  await writeFile(path.join(dir, 'pages', 'camera.html'), '<!doctype html><title>camera</title>');
  await writeFile(path.join(dir, 'pages', 'camera-page.js'), 'export {};');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the pages directory');
  const s = (server = createPageServer(path.join(dir, 'pages')));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('page server', () => {
  it('serves the built pages with their content types and no referrer', async () => {
    const page = await fetch(`${base}/camera.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<title>camera</title>');
    const script = await fetch(`${base}/camera-page.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('opens the camera page at the root', async () => {
    expect(await (await fetch(`${base}/`)).text()).toContain('camera');
  });

  it('answers 404 for a missing file and never serves files outside its directory', async () => {
    expect((await fetch(`${base}/nope.html`)).status).toBe(404);
    expect((await fetch(`${base}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/secret.txt`)).status).not.toBe(200);
  });

  it('refuses writes', async () => {
    expect((await fetch(`${base}/camera.html`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
