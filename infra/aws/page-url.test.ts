import { describe, expect, it } from 'vitest';
import { encodePageConfig, type PageConfig, type TemporaryCredentials } from '../../contracts/page-config.js';
import { pageConfigFromOutputs, pageUrl, roleArnFor } from './page-url.js';
import { outputsFromDescribeStacks, OUTPUT } from './stack-outputs.js';
import { CHANNEL_ARN, DESCRIBED } from './testing/described-outputs.js';

const CREDENTIALS: TemporaryCredentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE',
  secretAccessKey: 'example-secret-access-key',
  sessionToken: 'example-session-token',
  expiration: '2030-01-01T12:00:00.000Z',
};

const decodeFragment = (url: string): PageConfig => {
  const hash = new URL(url).hash;
  expect(hash.startsWith('#config=')).toBe(true);
  return JSON.parse(Buffer.from(hash.slice('#config='.length), 'base64url').toString('utf8')) as PageConfig;
};

describe('page links for AWS', () => {
  const outputs = outputsFromDescribeStacks(DESCRIBED);

  it("builds the doorbell's PageConfig from the stack outputs and the role's temporary credentials", () => {
    expect(pageConfigFromOutputs(outputs, 'front-door', CREDENTIALS)).toEqual({
      endpointId: 'front-door',
      name: 'Front Door',
      region: 'eu-west-1',
      channelName: 'doorbell-front-door',
      channelArn: CHANNEL_ARN,
      deviceApiUrl: 'https://abc123.lambda-url.eu-west-1.on.aws',
      deviceApiSigning: { region: 'eu-west-1', service: 'lambda' },
      credentials: CREDENTIALS,
    } satisfies PageConfig);
  });

  it('puts the config in the URL fragment, base64url-encoded, and nothing in the path or query', () => {
    const config = pageConfigFromOutputs(outputs, 'front-door', CREDENTIALS);
    const url = pageUrl('https://doorbell.example.net', 'camera', config);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://doorbell.example.net/camera.html');
    expect(parsed.search).toBe('');
    expect(parsed.hash.slice('#config='.length)).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: safe in a fragment unescaped
    expect(decodeFragment(url)).toEqual(config);
    expect(encodePageConfig(config)).toBe(parsed.hash.slice('#config='.length));
  });

  it('links the viewer and doorbell pages, the viewer with its own role', () => {
    const config = pageConfigFromOutputs(outputs, 'front-door', CREDENTIALS);
    expect(new URL(pageUrl(outputs.pageOrigin, 'viewer', config)).pathname).toBe('/viewer.html');
    expect(new URL(pageUrl(outputs.pageOrigin, 'button', config)).pathname).toBe('/doorbell.html');
    expect(roleArnFor(outputs, 'viewer')).toBe(outputs.viewerRoleArn);
    expect(roleArnFor(outputs, 'camera')).toBe(outputs.cameraRoleArn);
    expect(roleArnFor(outputs, 'button')).toBe(outputs.buttonRoleArn);
  });

  it('names the known doorbells when asked for one the stack does not have', () => {
    expect(() => pageConfigFromOutputs(outputs, 'back-door', CREDENTIALS)).toThrow(/back-door.*front-door/);
  });

  it('refuses outputs of a stack that lacks what the page needs', () => {
    const withoutUrl = DESCRIBED.filter((o) => o.OutputKey !== OUTPUT.deviceApiUrl);
    expect(() => outputsFromDescribeStacks(withoutUrl)).toThrow(/DeviceApiUrl/);
    const badDoorbells = DESCRIBED.map((o) => (o.OutputKey === OUTPUT.doorbells ? { ...o, OutputValue: '{not json' } : o));
    expect(() => outputsFromDescribeStacks(badDoorbells)).toThrow(/Doorbells/);
  });
});
