import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { directive } from '../testing/fixtures/index.js';
import { AcceptGrantResponseShape, AuthorizationErrorShape } from '../testing/skill-messages.js';
import { localUserId } from '../../infra/local/lwa/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let world: SkillWorld;

beforeAll(async () => {
  world = await startSkillWorld();
});
afterAll(() => world.close());

describe('AcceptGrant', () => {
  it('exchanges the code at LWA and stores tokens, expiry and gateway region for the user', async () => {
    const rt = world.runtime({ AWS_REGION: 'eu-west-1' });
    const token = await world.tokenFor(ALICE);
    const before = world.lwa.control.counters().authorizationCode;
    const res = await world.directives(rt)(directive('accept-grant', { token, code: world.lwa.issueAuthorizationCode(ALICE) }));
    AcceptGrantResponseShape.parse(res);
    expect(world.lwa.control.counters().authorizationCode).toBe(before + 1);
    const user = await rt.users.get(localUserId(ALICE));
    expect(user).toMatchObject({ email: ALICE, region: 'EU', version: 1 });
    expect(world.lwa.introspect(user!.accessToken)?.email).toBe(ALICE);
    expect(user!.refreshToken).toMatch(/\S/);
    expect(user!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('replaces the tokens of a user who links again and bumps the version', async () => {
    const rt = world.runtime();
    await world.link(rt, BOB);
    const first = await rt.users.get(localUserId(BOB));
    await world.link(rt, BOB);
    const second = await rt.users.get(localUserId(BOB));
    expect(second!.version).toBe(first!.version + 1);
    expect(second!.refreshToken).not.toBe(first!.refreshToken);
  });

  it('logs, with the email masked, when the linking account owns no doorbell (and not when it owns one)', async () => {
    const noDoorbell = (email: string) => world.logs.records().filter((l) => l.message === 'linked, but no doorbell is owned by this email: check the doorbells file' && l.email === email);
    const rt = world.runtime();
    await world.link(rt, BOB);
    expect(noDoorbell('b***@example.com').length).toBeGreaterThan(0);
    await world.seed([doorbell('alices-door', ALICE)]);
    const before = noDoorbell('a***@example.com').length;
    await world.link(rt, ALICE);
    expect(noDoorbell('a***@example.com')).toHaveLength(before);
    expect(world.logs.text()).not.toContain(BOB);
  });

  it('answers Alexa.Authorization ACCEPT_GRANT_FAILED for a code LWA refuses, and stores nothing', async () => {
    const rt = world.runtime();
    const res = await world.directives(rt)(directive('accept-grant', { token: await world.tokenFor(ALICE), code: 'ANbogusCode' }));
    expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });

  it('answers ACCEPT_GRANT_FAILED when the grantee token is not valid', async () => {
    const res = await world.directives(world.runtime())(directive('accept-grant', { token: 'Atza|bogus', code: world.lwa.issueAuthorizationCode(ALICE) }));
    expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });

  it('answers ACCEPT_GRANT_FAILED when LWA is down', async () => {
    const token = await world.tokenFor(ALICE);
    const code = world.lwa.issueAuthorizationCode(ALICE);
    world.lwa.control.setFault({ down: true, only: ['token'] });
    try {
      const res = await world.directives(world.runtime())(directive('accept-grant', { token, code }));
      expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
    } finally {
      world.lwa.control.setFault(undefined);
    }
  });

  it('answers ACCEPT_GRANT_FAILED when the client secret is wrong', async () => {
    const rt = world.runtime({ LWA_CLIENT_SECRET: `${world.lwa.client.clientSecret}-wrong` });
    const res = await world.directives(rt)(directive('accept-grant', { token: await world.tokenFor(ALICE), code: world.lwa.issueAuthorizationCode(ALICE) }));
    expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });

  it('answers ACCEPT_GRANT_FAILED when the secret is to come from Secrets Manager and that is unreachable', async () => {
    const rt = world.runtime({
      LWA_CLIENT_SECRET: '',
      LWA_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:lwa-client-secret',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
    });
    const res = await world.directives(rt)(directive('accept-grant', { token: await world.tokenFor(ALICE), code: world.lwa.issueAuthorizationCode(ALICE) }));
    expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });

  it('reads the client secret from Secrets Manager by ARN, once per cold start, only when a grant needs it', async () => {
    // A minimal Secrets Manager (awsJson1_1 GetSecretValue): there is no local one in the project.
    const targets: string[] = [];
    const sm: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        targets.push(String(req.headers['x-amz-target']));
        const ok = String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256') && JSON.parse(body).SecretId === ARN;
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(ok ? { ARN, Name: 'lwa', SecretString: world.lwa.client.clientSecret } : { __type: 'ResourceNotFoundException', message: 'no' }));
      });
    });
    const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:lwa-client-secret-AbCdEf';
    await new Promise<void>((r) => sm.listen(0, '127.0.0.1', r));
    try {
      const rt = world.runtime({
        LWA_CLIENT_SECRET: '',
        LWA_CLIENT_SECRET_ARN: ARN,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(sm.address() as AddressInfo).port}`,
      });
      const handle = world.directives(rt);
      await handle(directive('discover', { token: await world.tokenFor(ALICE) }));
      expect(targets).toEqual([]);
      for (const email of [ALICE, BOB]) {
        const res = await handle(directive('accept-grant', { token: await world.tokenFor(email), code: world.lwa.issueAuthorizationCode(email) }));
        AcceptGrantResponseShape.parse(res);
      }
      expect(targets).toEqual(['secretsmanager.GetSecretValue']);
    } finally {
      await new Promise((r) => sm.close(r));
    }
  });

  it('answers ACCEPT_GRANT_FAILED for a malformed grant (wrong grant type, missing code, wrong payloadVersion)', async () => {
    const handle = world.directives(world.runtime());
    const wrongType = directive('accept-grant', { token: await world.tokenFor(ALICE) });
    wrongType.directive.payload.grant.type = 'OAuth2.Implicit';
    const noCode = directive('accept-grant', { token: await world.tokenFor(ALICE) });
    delete noCode.directive.payload.grant.code;
    const wrongVersion = directive('accept-grant', { token: await world.tokenFor(ALICE) });
    wrongVersion.directive.header.payloadVersion = '2';
    for (const d of [wrongType, noCode, wrongVersion]) expect(AuthorizationErrorShape.parse(await handle(d)).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });
});
