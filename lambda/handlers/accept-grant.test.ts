import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, CLIENT_SECRET, startWorld, type World } from '../test/world.js';
import { directive } from '../test/fixtures/index.js';
import { AcceptGrantResponseShape, AuthorizationErrorShape } from '../test/alexa-shapes.js';
import { localUserId } from '../../infra/local/lwa/index.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe('AcceptGrant', () => {
  it('exchanges the code at LWA and stores tokens, expiry and gateway region for the user', async () => {
    const rt = world.runtime({ AWS_REGION: 'eu-west-1' });
    const token = await world.tokenFor(ALICE);
    const before = world.lwa.counters().authorizationCode;
    const res = await world.directives(rt)(directive('accept-grant', { token, code: world.lwa.issueAuthorizationCode(ALICE) }));
    AcceptGrantResponseShape.parse(res);
    expect(world.lwa.counters().authorizationCode).toBe(before + 1);
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
    world.lwa.setFault({ down: true, only: ['token'] });
    try {
      const res = await world.directives(world.runtime())(directive('accept-grant', { token, code }));
      expect(AuthorizationErrorShape.parse(res).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
    } finally {
      world.lwa.setFault(undefined);
    }
  });

  it('answers ACCEPT_GRANT_FAILED when the client secret is wrong', async () => {
    const rt = world.runtime({ LWA_CLIENT_SECRET: `${CLIENT_SECRET}-wrong` });
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

  it('answers ACCEPT_GRANT_FAILED for a malformed grant (wrong grant type, missing code)', async () => {
    const handle = world.directives(world.runtime());
    const wrongType = directive('accept-grant', { token: await world.tokenFor(ALICE) });
    wrongType.directive.payload.grant.type = 'OAuth2.Implicit';
    const noCode = directive('accept-grant', { token: await world.tokenFor(ALICE) });
    delete noCode.directive.payload.grant.code;
    for (const d of [wrongType, noCode]) expect(AuthorizationErrorShape.parse(await handle(d)).event.payload.type).toBe('ACCEPT_GRANT_FAILED');
  });
});
