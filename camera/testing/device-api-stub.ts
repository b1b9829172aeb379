import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4, type StoredCredentials } from '../../infra/local/sigv4/index.js';
import type { DoorbellInfo, PressResponse } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ROUTES, deviceApiPath, type DeviceApiRoute } from '../../contracts/device-api/routes.js';

export interface DeviceApiCall {
  method: string;
  path: string;
  body: string;
  /** Whether the SigV4 signature checked out with the known secret. */
  signed: boolean;
}

export interface DeviceApiStub {
  url: string;
  calls: DeviceApiCall[];
  /** What the next presses answer. */
  pressResponse: PressResponse;
  close(): Promise<void>;
}

/**
 * A stand-in for the doorbell-device API in page tests, so that they need neither the skill nor
 * its store (the local stack's story test runs the real one). It checks every request's SigV4
 * signature with the local verifier (a real check) against the credentials `lookupCredentials`
 * knows (the pages' world's STS: what it issued the pages), answers in the contract's shapes, and
 * answers CORS the way a function URL configured for the page does.
 */
export async function startDeviceApiStub(options: { lookupCredentials: (accessKeyId: string) => StoredCredentials | undefined; region: string; service: string; doorbell: DoorbellInfo }): Promise<DeviceApiStub> {
  const calls: DeviceApiCall[] = [];
  const stub: Partial<DeviceApiStub> = { calls, pressResponse: { outcome: 'DELIVERED', message: 'The doorbell press reached Alexa.', region: 'NA' } };
  const verify = (req: IncomingMessage, body: string) =>
    verifySigV4(
      { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body },
      { service: options.service, region: options.region, lookupCredentials: (id) => options.lookupCredentials(id) },
    ).ok;
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-methods', 'GET, PUT, POST');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, x-amz-date, x-amz-security-token, x-amz-content-sha256');
    if (req.method === 'OPTIONS') return res.end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const signed = verify(req, body);
      calls.push({ method: req.method ?? '', path: req.url ?? '', body, signed });
      res.setHeader('content-type', 'application/json');
      if (!signed) {
        res.statusCode = 403;
        return res.end(JSON.stringify({ error: 'FORBIDDEN', message: 'The signature does not match.' }));
      }
      const path = (route: DeviceApiRoute) => deviceApiPath(options.doorbell.endpointId, route);
      const is = (route: DeviceApiRoute) => req.method === DEVICE_API_ROUTES[route].method && req.url === path(route);
      if (is('doorbell')) return res.end(JSON.stringify(options.doorbell));
      if (is('status')) return res.end(JSON.stringify({ online: JSON.parse(body).online, lastSeenAt: Date.now() }));
      if (is('press')) return res.end(JSON.stringify(stub.pressResponse));
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'NOT_FOUND', message: 'No such doorbell.' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub as DeviceApiStub;
}
