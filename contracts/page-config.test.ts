import { describe, expect, it } from 'vitest';
import { buildPageConfig, checkPageConfig, decodePageConfig, encodePageConfig } from './page-config.js';

const doorbell = { endpointId: 'front-door', name: 'Front door ✓', channelName: 'doorbell-front-door', channelArn: 'arn:aws:kinesisvideo:eu-west-1:000000000000:channel/doorbell-front-door/1' };
const credentials = { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'example-token' };

describe('the page config', () => {
  it('is built from the doorbell, the region, the device API and the credentials, signed as a function URL', () => {
    expect(buildPageConfig({ doorbell, region: 'eu-west-1', deviceApiUrl: 'https://abc.lambda-url.eu-west-1.on.aws//', credentials })).toEqual({
      ...doorbell,
      region: 'eu-west-1',
      deviceApiUrl: 'https://abc.lambda-url.eu-west-1.on.aws',
      deviceApiSigning: { region: 'eu-west-1', service: 'lambda' },
      credentials,
    });
    expect(buildPageConfig({ doorbell, region: 'us-east-1', deviceApiUrl: 'http://127.0.0.1:1', credentials, kvsEndpoint: 'http://localhost:2' }).kvsEndpoint).toBe('http://localhost:2');
  });

  it('travels in the fragment as base64url JSON, non-ASCII included, byte for byte what Buffer makes', () => {
    const config = buildPageConfig({ doorbell, region: 'eu-west-1', deviceApiUrl: 'https://x', credentials });
    const fragment = encodePageConfig(config);
    expect(fragment).toBe(Buffer.from(JSON.stringify(config), 'utf8').toString('base64url'));
    expect(decodePageConfig(fragment)).toEqual(config);
    expect(() => decodePageConfig('%%%')).toThrow();
  });

  it('is checked as it arrives: complete, with credentials and signing, its name defaulting to the endpointId', () => {
    const config = buildPageConfig({ doorbell, region: 'eu-west-1', deviceApiUrl: 'https://x', credentials });
    expect(checkPageConfig(config)).toEqual({ config });
    const { name: _name, ...unnamed } = config;
    expect(checkPageConfig(unnamed)).toEqual({ config: { ...unnamed, name: 'front-door' } });
    expect(checkPageConfig({ endpointId: 'x' })).toEqual({ problem: 'The page configuration is incomplete (missing region, channelName, channelArn, deviceApiUrl).' });
    expect(checkPageConfig(null)).toMatchObject({ problem: expect.stringMatching(/incomplete/) });
    expect(checkPageConfig({ ...config, credentials: {} })).toMatchObject({ problem: expect.stringMatching(/credentials/) });
    expect(checkPageConfig({ ...config, deviceApiSigning: { region: 'eu-west-1' } })).toMatchObject({ problem: expect.stringMatching(/sign/) });
  });
});
