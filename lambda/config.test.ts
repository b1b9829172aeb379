import { describe, expect, it } from 'vitest';
import { alexaRegionOf } from '../contracts/alexa/regions.js';
import { gatewayUrlFor, readConfig } from './config.js';

describe('configuration', () => {
  it('falls back to the documented defaults', () => {
    const c = readConfig({});
    expect(c.tables).toEqual({
      users: 'doorbell-users',
      doorbells: 'doorbell-doorbells',
      sessions: 'doorbell-sessions',
      devices: 'doorbell-devices',
      setup: 'doorbell-setup',
      events: 'doorbell-events',
      snapshotLinks: 'doorbell-snapshot-links',
    });
    expect(c.snapshots).toEqual({ bucket: 'doorbell-snapshots', forcePathStyle: false, linkBaseUrl: undefined });
    expect(c.pageRoles).toEqual({ camera: undefined, button: undefined, viewer: undefined });
    expect(c.lwa.baseUrl).toBe('https://api.amazon.com');
    expect([c.answerDeadlineMs, c.pressDebounceMs, c.cameraOfflineAfterMs]).toEqual([4000, 5000, 60_000]);
    expect(c.aws.region).toBe('us-east-1');
    expect(c.aws.credentials).toBeUndefined();
    expect(gatewayUrlFor(c, 'NA')).toBe('https://api.amazonalexa.com');
  });

  it('picks the Alexa region of the Lambda region, and the gateway of the user region unless overridden', () => {
    expect([alexaRegionOf('us-east-1'), alexaRegionOf('eu-west-1'), alexaRegionOf('us-west-2')]).toEqual(['NA', 'EU', 'FE']);
    const c = readConfig({ AWS_REGION: 'eu-west-1' });
    expect(c.alexaRegion).toBe('EU');
    expect(gatewayUrlFor(c, 'EU')).toBe('https://api.eu.amazonalexa.com');
    expect(gatewayUrlFor(c, 'FE')).toBe('https://api.fe.amazonalexa.com');
    expect(gatewayUrlFor(readConfig({ ALEXA_EVENT_GATEWAY_URL: 'http://127.0.0.1:8080/' }), 'EU')).toBe('http://127.0.0.1:8080');
  });

  it('reads tables, endpoints, limits and explicit credentials from the environment', () => {
    const c = readConfig({
      USERS_TABLE: 'u',
      DOORBELLS_TABLE: 'd',
      SESSIONS_TABLE: 's',
      DEVICES_TABLE: 'dv',
      SETUP_TABLE: 'st',
      EVENTS_TABLE: 'ev',
      SNAPSHOT_LINKS_TABLE: 'sl',
      SNAPSHOTS_BUCKET: 'pictures',
      S3_FORCE_PATH_STYLE: 'true',
      SNAPSHOT_LINK_BASE_URL: 'https://abc.lambda-url.us-east-1.on.aws/',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4',
      CAMERA_ROLE_ARN: 'arn:aws:iam::000000000000:role/c',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:3',
      ANSWER_DEADLINE_MS: '2500',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_KINESIS_VIDEO: 'http://127.0.0.1:2',
      AWS_ACCESS_KEY_ID: 'AKIDCONFIGTEST',
      AWS_SECRET_ACCESS_KEY: 'config-test-secret',
      LWA_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
    });
    expect(c.tables).toEqual({ users: 'u', doorbells: 'd', sessions: 's', devices: 'dv', setup: 'st', events: 'ev', snapshotLinks: 'sl' });
    expect(c.snapshots).toEqual({ bucket: 'pictures', forcePathStyle: true, linkBaseUrl: 'https://abc.lambda-url.us-east-1.on.aws' });
    expect(c.pageRoles.camera).toBe('arn:aws:iam::000000000000:role/c');
    expect(c.answerDeadlineMs).toBe(2500);
    expect(c.aws.endpoints).toMatchObject({ dynamodb: 'http://127.0.0.1:1', kinesisVideo: 'http://127.0.0.1:2', sts: 'http://127.0.0.1:3', s3: 'http://127.0.0.1:4' });
    expect(c.aws.credentials).toMatchObject({ accessKeyId: 'AKIDCONFIGTEST' });
    expect(c.lwa.clientSecret).toBeUndefined();
    expect(c.lwa.clientSecretArn).toContain('secretsmanager');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => readConfig({ ANSWER_DEADLINE_MS: 'soon' })).toThrow(/ANSWER_DEADLINE_MS/);
    expect(() => readConfig({ PRESS_DEBOUNCE_MS: '-1' })).toThrow(/PRESS_DEBOUNCE_MS/);
  });
});
