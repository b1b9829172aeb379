import { describe, expect, it } from 'vitest';
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
  credentials: { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'example-token' },
};

describe('loadPageConfig (interim)', () => {
  it('reads the configuration from the #config fragment, non-ASCII included', async () => {
    const hash = `#config=${encodeBase64Url(JSON.stringify(config))}`;
    await expect(loadPageConfig({ hash })).resolves.toEqual(config);
  });

  it('says the page is not set up when there is no configuration, and explains a damaged fragment', async () => {
    await expect(loadPageConfig({ hash: '' })).rejects.toBeInstanceOf(PageConfigError);
    await expect(loadPageConfig({ hash: '' })).rejects.toThrow(/not set up.*setup page/);
    await expect(loadPageConfig({ hash: '#config=%%%' })).rejects.toThrow(/damaged/);
  });

  it('rejects a configuration without credentials', async () => {
    const hash = `#config=${encodeBase64Url(JSON.stringify({ ...config, credentials: {} }))}`;
    await expect(loadPageConfig({ hash })).rejects.toThrow(/credentials/);
  });
});
