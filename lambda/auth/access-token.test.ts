import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ALICE, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { localUserId } from '../../infra/local/lwa/index.js';
import { lazyDocumentClient } from '../store/dynamo.js';
import { readConfig } from '../config.js';
import { USERS_TABLE } from '../../contracts/tables.js';
import { TokenError } from './access-token.js';

let world: SkillWorld;
const userId = localUserId(ALICE);

beforeAll(async () => {
  world = await startSkillWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.lwa.control.setFault(undefined);
  await world.link(world.runtime(), ALICE);
});

/** Makes the stored access token expire in `ms` (inside the 5-minute refresh window when small). */
async function expireIn(ms: number): Promise<void> {
  const doc = lazyDocumentClient(readConfig(world.env))();
  await doc.send(
    new UpdateCommand({
      TableName: USERS_TABLE.defaultName,
      Key: { userId },
      UpdateExpression: 'SET accessTokenExpiresAt = :t',
      ExpressionAttributeValues: { ':t': Date.now() + ms },
    }),
  );
}

describe('access tokens', () => {
  it('uses the stored token without asking LWA while it is more than 5 minutes from expiry', async () => {
    const before = world.lwa.control.counters().refreshToken;
    const rt = world.runtime();
    const stored = await rt.users.get(userId);
    expect((await rt.tokens.forUser(userId)).accessToken).toBe(stored!.accessToken);
    expect(world.lwa.control.counters().refreshToken).toBe(before);
  });

  it('refreshes a token within 5 minutes of expiry and stores the rotated refresh token', async () => {
    await expireIn(4 * 60_000);
    const rt = world.runtime();
    const old = await rt.users.get(userId);
    const fresh = await rt.tokens.forUser(userId);
    expect(fresh.accessToken).not.toBe(old!.accessToken);
    expect(fresh.refreshToken).not.toBe(old!.refreshToken);
    expect(fresh.version).toBe(old!.version + 1);
    expect(world.lwa.introspect(fresh.accessToken)?.email).toBe(ALICE);
    expect((await rt.users.get(userId))!.leaseOwner).toBeUndefined();
  });

  it('two Lambdas refreshing the same user at once: exactly one refresh reaches LWA, both get the new token', async () => {
    await expireIn(60_000);
    world.lwa.control.setFault({ delayMs: 300, only: ['token'] }); // keep the winner's refresh in flight while the loser arrives
    const before = world.lwa.control.counters().refreshToken;
    const [a, b] = await Promise.all([world.runtime().tokens.forUser(userId), world.runtime().tokens.forUser(userId)]);
    world.lwa.control.setFault(undefined);
    expect(world.lwa.control.counters().refreshToken).toBe(before + 1);
    expect(a.accessToken).toBe(b.accessToken);
    expect(world.lwa.introspect(a.accessToken)?.email).toBe(ALICE);
    // The rotated refresh token was kept: a later refresh still works.
    await expireIn(60_000);
    const later = await world.runtime().tokens.forUser(userId);
    expect(later.version).toBe(a.version + 1);
  });

  it('replaces a token the gateway refused once, and not again when someone already replaced it', async () => {
    const rt = world.runtime();
    const current = await rt.users.get(userId);
    const before = world.lwa.control.counters().refreshToken;
    const replaced = await rt.tokens.forUser(userId, current!.accessToken);
    expect(replaced.accessToken).not.toBe(current!.accessToken);
    const again = await world.runtime().tokens.forUser(userId, current!.accessToken);
    expect(again.accessToken).toBe(replaced.accessToken);
    expect(world.lwa.control.counters().refreshToken).toBe(before + 1);
  });

  it('reports LWA_UNAVAILABLE when LWA is down, keeps the stored tokens and frees the lease', async () => {
    await expireIn(60_000);
    const rt = world.runtime();
    const old = await rt.users.get(userId);
    world.lwa.control.setFault({ down: true, only: ['token'] });
    await expect(rt.tokens.forUser(userId)).rejects.toEqual(new TokenError('LWA_UNAVAILABLE'));
    const after = await rt.users.get(userId);
    expect(after!.refreshToken).toBe(old!.refreshToken);
    expect(after!.version).toBe(old!.version);
    expect(after!.leaseOwner).toBeUndefined();
    world.lwa.control.setFault(undefined);
    expect((await rt.tokens.forUser(userId)).version).toBe(old!.version + 1);
  });

  it('waits for a slow refresh rather than abandoning it, so the rotated refresh token is kept', async () => {
    await expireIn(60_000);
    world.lwa.control.setFault({ delayMs: 1500, only: ['token'] });
    const fresh = await world.runtime().tokens.forUser(userId);
    world.lwa.control.setFault(undefined);
    expect(world.lwa.introspect(fresh.accessToken)?.email).toBe(ALICE);
    await expireIn(60_000);
    expect((await world.runtime().tokens.forUser(userId)).version).toBe(fresh.version + 1);
  });

  it('reports RELINK_REQUIRED when LWA refuses the refresh token', async () => {
    await expireIn(60_000);
    world.lwa.control.revokeUser(ALICE);
    await expect(world.runtime().tokens.forUser(userId)).rejects.toEqual(new TokenError('RELINK_REQUIRED'));
  });

  it('reports NOT_LINKED for a user who never linked', async () => {
    await expect(world.runtime().tokens.forUser('amzn1.account.NOBODY')).rejects.toEqual(new TokenError('NOT_LINKED'));
  });
});
