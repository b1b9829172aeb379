import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPageRoleArn, newLocalCredentials } from '../local-account.js';
import { kvsScopeOf, startLocalSts, type IssuedCredentials, type LocalSts } from './index.js';

const CHANNEL = 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/doorbell-front-door/1';
const ROLES = { camera: localPageRoleArn('camera'), button: localPageRoleArn('button'), viewer: localPageRoleArn('viewer') };
let sts: LocalSts;
const told: { issued: IssuedCredentials; channelArn: string }[] = [];

const ACCOUNT = newLocalCredentials();
const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ACCOUNT) =>
  new STSClient({ region: 'us-east-1', endpoint: sts.endpoint, credentials, maxAttempts: 1 });

const assume = (c: STSClient, RoleArn: string, RoleSessionName = 'front-door', DurationSeconds = 900) => c.send(new AssumeRoleCommand({ RoleArn, RoleSessionName, DurationSeconds }));

beforeAll(async () => {
  sts = await startLocalSts({
    lookupCredentials: (id) => (id === ACCOUNT.accessKeyId ? { secretAccessKey: ACCOUNT.secretAccessKey } : undefined),
    roles: ROLES,
    doorbell: async (id) => (id === 'front-door' ? { channelArn: CHANNEL } : undefined),
    maxLifetimeSeconds: 30,
    onIssue: (issued, doorbell) => told.push({ issued, channelArn: doorbell.channelArn }),
  });
});
afterAll(() => sts?.close());

describe('the local STS', () => {
  it("answers the SDK's AssumeRole with a page role's session named after the doorbell, for min(DurationSeconds, the local cap)", async () => {
    const c = client();
    const started = Date.now();
    const out = await assume(c, ROLES.camera);
    c.destroy();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    const lifetime = out.Credentials!.Expiration!.getTime() - started;
    expect(lifetime).toBeGreaterThan(28_000);
    expect(lifetime).toBeLessThanOrEqual(31_000);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/doorbell-camera/front-door');
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[0-9A-F]{17}:front-door$/);
    const issued = sts.issued(out.Credentials!.AccessKeyId!)!;
    expect(issued).toMatchObject({ role: 'camera', endpointId: 'front-door', secretAccessKey: out.Credentials!.SecretAccessKey, sessionToken: out.Credentials!.SessionToken });
    expect(told.at(-1)).toMatchObject({ issued: { accessKeyId: out.Credentials!.AccessKeyId }, channelArn: CHANNEL });
  });

  it('refuses unsigned, wrongly signed and unknown callers, and page credentials assuming a role again', async () => {
    const unsigned = await fetch(sts.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    for (const [credentials, name] of [
      [{ accessKeyId: ACCOUNT.accessKeyId, secretAccessKey: 'not-the-secret' }, 'SignatureDoesNotMatch'],
      // Another installation's key id, which this STS has never issued.
      [{ accessKeyId: newLocalCredentials().accessKeyId, secretAccessKey: 'x' }, 'InvalidClientTokenId'],
    ] as const) {
      const c = client(credentials);
      await expect(assume(c, ROLES.camera)).rejects.toMatchObject({ name });
      c.destroy();
    }
    const admin = client();
    const page = (await assume(admin, ROLES.viewer)).Credentials!;
    admin.destroy();
    const chained = client({ accessKeyId: page.AccessKeyId!, secretAccessKey: page.SecretAccessKey!, sessionToken: page.SessionToken! });
    await expect(assume(chained, ROLES.camera)).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    chained.destroy();
  });

  it('assumes only the page roles, only for registered doorbells, with a valid session name and duration', async () => {
    const c = client();
    const refused = async (p: Promise<unknown>) => p.then(() => 'issued', (e: Error) => e.name);
    expect(await refused(assume(c, 'arn:aws:iam::000000000000:role/Admin'))).toBe('AccessDenied');
    expect(await refused(assume(c, ROLES.button, 'garage'))).toBe('AccessDenied');
    expect(await refused(assume(c, ROLES.button, 'front door'))).toBe('ValidationError');
    expect(await refused(assume(c, ROLES.button, 'front-door', 899))).toBe('ValidationError');
    expect(await refused(assume(c, ROLES.button, 'front-door', 3601))).toBe('ValidationError');
    expect(await refused(c.send(new GetCallerIdentityCommand({})))).toBe('InvalidAction');
    expect(await refused(assume(c, ROLES.button))).toBe('issued');
    expect(sts.control.counters()).toMatchObject({ issued: expect.any(Number), refused: expect.any(Number) });
    c.destroy();
  });

  it('scopes each page role on the KVS emulator: the camera as master, the viewer as viewer, the button not at all', () => {
    expect(kvsScopeOf('camera', CHANNEL)).toEqual({ allowedChannelArns: [CHANNEL], allowedRoles: ['MASTER'] });
    expect(kvsScopeOf('viewer', CHANNEL)).toEqual({ allowedChannelArns: [CHANNEL], allowedRoles: ['VIEWER'] });
    expect(kvsScopeOf('button', CHANNEL)).toEqual({ allowedChannelArns: [], allowedRoles: [] });
  });
});
