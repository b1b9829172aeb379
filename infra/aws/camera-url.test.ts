import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PageConfig } from '../../contracts/page-config.js';
import { runCameraUrl } from './camera-url.js';
import { DEFAULT_STACK_NAME, OUTPUT } from './stack-outputs.js';
import { CHANNEL_ARN, DESCRIBED } from './testing/described-outputs.js';
import { startFakeAws, type FakeAws } from './testing/fake-aws-query-api.js';

let aws: FakeAws;
const savedEnv = { ...process.env };

beforeAll(async () => {
  aws = await startFakeAws({ stackName: DEFAULT_STACK_NAME, outputs: DESCRIBED as { OutputKey: string; OutputValue: string }[], maxSessionSeconds: 3600 });
  // The SDK's own configuration: every service at the loopback stand-in, the documented fake local key.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'LOCALDOORBELLKEY',
    AWS_SECRET_ACCESS_KEY: 'local-doorbell-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
});
afterAll(async () => {
  process.env = savedEnv;
  await aws?.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});

const configOf = (url: string): PageConfig => JSON.parse(Buffer.from(new URL(url).hash.slice('#config='.length), 'base64url').toString('utf8'));
const roleOf = (name: string) => DESCRIBED.find((o) => o.OutputKey === name)!.OutputValue;

describe('npm run camera-url', () => {
  it("assumes the camera role as the doorbell's session and prints the camera page with those credentials", async () => {
    const notes: string[] = [];
    const url = await runCameraUrl(['front-door', '--hours', '1'], (line) => notes.push(line));
    expect(new URL(url).origin + new URL(url).pathname).toBe('http://localhost:8080/camera.html');
    const assume = aws.requests.find((r) => r.get('Action') === 'AssumeRole')!;
    expect(assume.get('RoleArn')).toBe(roleOf(OUTPUT.cameraRoleArn));
    expect(assume.get('RoleSessionName')).toBe('front-door');
    expect(assume.get('DurationSeconds')).toBe('3600');
    const config = configOf(url);
    expect(config).toMatchObject({ endpointId: 'front-door', channelArn: CHANNEL_ARN, region: 'eu-west-1' });
    expect(config.credentials).toMatchObject({ accessKeyId: 'ASIAFAKEPAGEKEY', secretAccessKey: 'fake-page-secret', sessionToken: 'fake-page-session-token' });
    expect(notes.join('\n')).toMatch(/valid until 2030-01-01T01:00:00/);
  });

  it('falls back to one hour when STS refuses a longer session for chained role credentials', async () => {
    const notes: string[] = [];
    const url = await runCameraUrl(['front-door'], (line) => notes.push(line)); // asks for 12 hours
    const durations = aws.requests.filter((r) => r.get('Action') === 'AssumeRole').map((r) => r.get('DurationSeconds'));
    expect(durations).toEqual(['43200', '3600']);
    expect(notes.join('\n')).toMatch(/at most 1 hour/);
    expect(configOf(url).credentials.expiration).toBe('2030-01-01T01:00:00.000Z');
  });

  it('uses the viewer role for the viewer page and warns about an origin the device API does not allow', async () => {
    const notes: string[] = [];
    const url = await runCameraUrl(['front-door', '--viewer', '--hours', '1', '--page-origin', 'https://elsewhere.example.net'], (line) => notes.push(line));
    expect(new URL(url).pathname).toBe('/viewer.html');
    expect(aws.requests.find((r) => r.get('Action') === 'AssumeRole')!.get('RoleArn')).toBe(roleOf(OUTPUT.viewerRoleArn));
    expect(notes.join('\n')).toMatch(/pageOrigins/);
  });

  it('refuses an unknown doorbell before assuming any role, and a missing endpointId', async () => {
    await expect(runCameraUrl(['back-door'], () => {})).rejects.toThrow(/No doorbell "back-door"/);
    expect(aws.requests.some((r) => r.get('Action') === 'AssumeRole')).toBe(false);
    await expect(runCameraUrl([], () => {})).rejects.toThrow(/usage/);
  });
});
