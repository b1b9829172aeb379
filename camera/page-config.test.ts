import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../contracts/base64.js';
import type { PageConfig } from '../contracts/page-config.js';
import { loadPageConfig, PageConfigError } from './page-config.js';

const config: PageConfig = {
  endpointId: 'front-door',
  name: 'Front door ✓',
  region: 'us-east-1',
  channelName: 'front-door',
  channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/front-door/1',
  deviceApiUrl: 'http://localhost:1',
  deviceApiSigning: { region: 'us-east-1', service: 'lambda' },
  credentials: { accessKeyId: 'LOCALDOORBELLKEY', secretAccessKey: 'local-doorbell-secret' },
};

let server: Server;
let origin: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url?.startsWith('/local/page-config/front-door?')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(config));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loadPageConfig', () => {
  it('reads the configuration from the #config fragment, non-ASCII included', async () => {
    const hash = `#config=${encodeBase64Url(JSON.stringify(config))}`;
    await expect(loadPageConfig({ hash, search: '', origin: 'http://unused' }, 'camera', () => Promise.reject(new Error('no fetch expected')))).resolves.toEqual(config);
  });

  it('fetches the local page configuration for ?doorbell= with the role', async () => {
    const loaded = await loadPageConfig({ hash: '', search: '?doorbell=front-door', origin }, 'viewer');
    expect(loaded.channelArn).toBe(config.channelArn);
    expect(seen).toContain('/local/page-config/front-door?role=viewer');
  });

  it('says which doorbell is unknown', async () => {
    await expect(loadPageConfig({ hash: '', search: '?doorbell=back-door', origin }, 'camera')).rejects.toThrow(/no doorbell "back-door"/);
  });

  it('explains a missing doorbell parameter and a damaged fragment', async () => {
    await expect(loadPageConfig({ hash: '', search: '', origin }, 'camera')).rejects.toBeInstanceOf(PageConfigError);
    await expect(loadPageConfig({ hash: '#config=%%%', search: '', origin }, 'camera')).rejects.toThrow(/damaged/);
  });

  it('rejects a configuration without credentials', async () => {
    const hash = `#config=${encodeBase64Url(JSON.stringify({ ...config, credentials: {} }))}`;
    await expect(loadPageConfig({ hash, search: '', origin }, 'camera')).rejects.toThrow(/credentials/);
  });
});
