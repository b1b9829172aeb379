import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ALICE, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { localUserId } from '../../infra/local/lwa/index.js';
import { lazyDocumentClient } from '../store/dynamo.js';
import { readConfig } from '../config.js';
import { USERS_TABLE } from '../../contracts/tables.js';
import { TokenError, TOKEN_WRITE_BACKOFF_MS } from './access-token.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../testing/tcp-fault-proxy.js';
import type { Runtime } from '../runtime.js';

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

  it('reports SKILL_MISCONFIGURED, not RELINK_REQUIRED, when LWA refuses the skill\'s client secret (invalid_client)', async () => {
    await expireIn(60_000);
    const rt = world.runtime({ LWA_CLIENT_SECRET: 'not-the-secret' });
    const old = await rt.users.get(userId);
    await expect(rt.tokens.forUser(userId)).rejects.toEqual(new TokenError('SKILL_MISCONFIGURED'));
    expect(world.logs.text()).toContain('aws secretsmanager put-secret-value');
    const after = await rt.users.get(userId);
    expect(after!.refreshToken).toBe(old!.refreshToken);
    expect(after!.leaseOwner).toBeUndefined();
    // The same refresh with the right secret works: the grant was never the problem.
    expect((await world.runtime().tokens.forUser(userId)).version).toBe(old!.version + 1);
  });

  it('reports NOT_LINKED for a user who never linked', async () => {
    await expect(world.runtime().tokens.forUser('amzn1.account.NOBODY')).rejects.toEqual(new TokenError('NOT_LINKED'));
  });
});

describe('a token write that fails right after LWA accepted a refresh', () => {
  let proxy: TcpFaultProxy;
  let rt: Runtime;

  beforeAll(async () => {
    const target = new URL(world.dynamodb.endpoint);
    // The store behind a proxy that can refuse connections; LWA stays reachable.
    proxy = await startTcpFaultProxy({ host: target.hostname, port: Number(target.port) });
  });
  afterAll(() => proxy?.close());
  beforeEach(async () => {
    await proxy.setMode('forward');
    rt = world.runtime({ AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
  });

  /** Takes the store away once the refresh is at LWA (the lease is taken by then), while LWA holds its answer. */
  async function storeDownDuringRefresh(): Promise<void> {
    const before = world.lwa.control.counters().refreshToken;
    world.lwa.control.setFault({ delayMs: 500, only: ['token'] });
    await waitUntil(() => world.lwa.control.counters().refreshToken > before);
    await proxy.setMode('refuse');
  }

  it('tries the write again and keeps the refreshed token across one failed write', async () => {
    await expireIn(60_000);
    const old = await rt.users.get(userId);
    const retries = () => world.logs.text().split('storing refreshed LWA tokens failed; retrying').length - 1;
    const retriesBefore = retries();
    const pending = rt.tokens.forUser(userId);
    await storeDownDuringRefresh();
    // The first write failed (its retry is logged): the store comes back before the next try.
    await waitUntil(() => retries() > retriesBefore);
    await proxy.setMode('forward');
    const fresh = await pending;
    world.lwa.control.setFault(undefined);
    expect(retries()).toBe(retriesBefore + 1);
    expect(fresh.refreshToken).not.toBe(old!.refreshToken);
    expect(world.lwa.introspect(fresh.accessToken)?.email).toBe(ALICE);
    const stored = await rt.users.get(userId);
    expect(stored).toMatchObject({ accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, version: old!.version + 1 });
    expect(stored!.leaseOwner).toBeUndefined();
    // The stored refresh token is LWA's current one: the next refresh still works.
    await expireIn(60_000);
    expect((await world.runtime().tokens.forUser(userId)).version).toBe(old!.version + 2);
  });

  it('when every try fails, serves the refreshed token from memory, says so loudly, and writes it at the next call', async () => {
    await expireIn(60_000);
    const old = await rt.users.get(userId);
    const pending = rt.tokens.forUser(userId);
    await storeDownDuringRefresh();
    const fresh = await pending;
    world.lwa.control.setFault(undefined);
    expect(fresh.accessToken).not.toBe(old!.accessToken);
    expect(world.lwa.introspect(fresh.accessToken)?.email).toBe(ALICE);
    expect(world.logs.text()).toContain(`"attempts":${TOKEN_WRITE_BACKOFF_MS.length + 1}`);
    expect(world.logs.text()).toMatch(/"level":"ERROR".*NOT stored after every retry/);
    await proxy.setMode('forward');
    // The store still has the retired refresh token (the lease expires by itself later).
    expect((await rt.users.get(userId))!.refreshToken).toBe(old!.refreshToken);
    // The same Lambda's next call uses the kept tokens and stores them; LWA is not asked again.
    const refreshes = world.lwa.control.counters().refreshToken;
    const next = await rt.tokens.forUser(userId);
    expect(next.accessToken).toBe(fresh.accessToken);
    expect(world.lwa.control.counters().refreshToken).toBe(refreshes);
    expect(await rt.users.get(userId)).toMatchObject({ accessToken: fresh.accessToken, refreshToken: fresh.refreshToken });
    // And the grant still works at LWA.
    await expireIn(60_000);
    expect(world.lwa.introspect((await world.runtime().tokens.forUser(userId)).accessToken)?.email).toBe(ALICE);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
