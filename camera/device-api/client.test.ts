import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PressResponse } from '../../contracts/device-api/bodies.js';
import { verifySigV4 } from '../../infra/local/sigv4/index.js';
import { DeviceApiCallError, DeviceApiClient } from './client.js';
import { Heartbeat, type HeartbeatState } from './heartbeat.js';

const credentials = { accessKeyId: 'ASIACLIENTTEST', secretAccessKey: 'client-test-secret', sessionToken: 'session-token-for-test' };
const signing = { region: 'us-east-1', service: 'lambda' };

/** The emulator engineer's SigV4 verifier, the same check the local device API runs. */
function signatureIsValid(req: IncomingMessage, body: string): boolean {
  const result = verifySigV4(
    { method: req.method!, path: req.url!, headers: req.headers, body },
    {
      service: signing.service,
      region: signing.region,
      lookupCredentials: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } : undefined),
    },
  );
  return result.ok;
}

let server: Server;
let baseUrl: string;
const calls: { method: string; url: string; body: string; valid: boolean }[] = [];
let failStatus = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const valid = signatureIsValid(req, body);
      calls.push({ method: req.method!, url: req.url!, body, valid });
      res.setHeader('content-type', 'application/json');
      if (!valid) {
        res.statusCode = 403;
        return res.end(JSON.stringify({ error: 'FORBIDDEN', message: 'Signature mismatch.' }));
      }
      if (failStatus) {
        res.statusCode = failStatus;
        return res.end(JSON.stringify({ error: 'INTERNAL_ERROR', message: 'Try later.' }));
      }
      if (req.url?.endsWith('/press')) {
        const press: PressResponse = { outcome: 'DELIVERED', message: 'Alexa announced it.', region: 'NA' };
        return res.end(JSON.stringify(press));
      }
      if (req.url?.endsWith('/status')) return res.end(JSON.stringify({ online: JSON.parse(body).online, lastSeenAt: 1234 }));
      res.end(JSON.stringify({ endpointId: 'front door/1', name: 'Front', channelName: 'c', channelArn: 'a', online: true, linked: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new DeviceApiClient({ baseUrl, endpointId: 'front door/1', signing, credentials });

describe('DeviceApiClient', () => {
  it('signs GET, PUT and POST with SigV4 (session token included) that a verifier accepts', async () => {
    calls.length = 0;
    const c = client();
    expect((await c.getDoorbell()).linked).toBe(true);
    expect(await c.reportStatus(true)).toEqual({ online: true, lastSeenAt: 1234 });
    expect((await c.press()).outcome).toBe('DELIVERED');
    expect(calls.map((x) => [x.method, x.url, x.valid])).toEqual([
      ['GET', '/v1/doorbells/front%20door%2F1', true],
      ['PUT', '/v1/doorbells/front%20door%2F1/status', true],
      ['POST', '/v1/doorbells/front%20door%2F1/press', true],
    ]);
  });

  it('is refused by the verifier when signed with a wrong secret, and says credentials are the problem', async () => {
    const bad = new DeviceApiClient({ baseUrl, endpointId: 'x', signing, credentials: { ...credentials, secretAccessKey: 'wrong' } });
    const err = await bad.press().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceApiCallError);
    expect((err as DeviceApiCallError).status).toBe(403);
    expect((err as DeviceApiCallError).message).toMatch(/refused this page's credentials/);
  });

  it('reports an unreachable API as such', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = new DeviceApiClient({ baseUrl: `http://127.0.0.1:${port}`, endpointId: 'x', signing, credentials });
    const err = (await c.reportStatus(true).catch((e: unknown) => e)) as DeviceApiCallError;
    expect(err.unreachable).toBe(true);
  });
});

describe('Heartbeat', () => {
  it('beats online, retries after a failure, and sends the pre-signed offline request on page hide', async () => {
    calls.length = 0;
    const states: HeartbeatState[] = [];
    failStatus = 500;
    const hb = new Heartbeat(client(), { intervalMs: 200, retryMs: 50, onState: (s) => states.push(s) });
    hb.start();
    await expect.poll(() => states.some((s) => s.kind === 'failing')).toBe(true);
    failStatus = 0;
    await expect.poll(() => calls.filter((c) => c.body === '{"online":true}').length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(states.some((s) => s.kind === 'online')).toBe(true);
    hb.sendOfflineNow();
    await expect.poll(() => calls.some((c) => c.body === '{"online":false}' && c.valid)).toBe(true);
    const beatsAfterStop = calls.filter((c) => c.body === '{"online":true}').length;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls.filter((c) => c.body === '{"online":true}').length).toBe(beatsAfterStop);
    expect(states.at(-1)?.kind).toBe('stopped');
  });
});
