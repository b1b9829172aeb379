/**
 * Two Lambda environments refreshing the same user's token at once: two Node processes each running
 * the built bundle (separate module instances, caches and clients), pressing two of the user's
 * doorbells at the same moment while the stored access token is due for a refresh and LWA is slow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALICE, doorbell, pageCaller, startSkillWorld, type SkillWorld } from './testing/skill-world.js';
import { startBundleProcess, type BundleProcess } from './testing/bundle-process.js';
import { DoorbellPressShape } from './testing/skill-messages.js';
import type { PressResponse } from '../contracts/device-api/bodies.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localUserId } from '../infra/local/lwa/index.js';
import { lazyDocumentClient } from './store/dynamo.js';
import { readConfig } from './config.js';
import { USERS_TABLE } from '../contracts/tables.js';
import { buildLambda } from '../scripts/build.mjs';

let world: SkillWorld;
let outdir: string;
let lambdas: BundleProcess[] = [];

const press = (endpointId: string) => ({
  version: '2.0',
  rawPath: `/v1/doorbells/${endpointId}/press`,
  requestContext: { http: { method: 'POST' }, authorizer: pageCaller('camera', endpointId) },
});

/** Makes the stored access token due for a refresh: one minute from expiry, inside the 5-minute margin. */
async function dueForRefresh(): Promise<void> {
  const doc = lazyDocumentClient(readConfig(world.env))();
  await doc.send(
    new UpdateCommand({
      TableName: USERS_TABLE.defaultName,
      Key: { userId: localUserId(ALICE) },
      UpdateExpression: 'SET accessTokenExpiresAt = :t',
      ExpressionAttributeValues: { ':t': Date.now() + 60_000 },
    }),
  );
}

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('front-door', ALICE), doorbell('back-door', ALICE)]);
  await world.link(world.runtime(), ALICE);
  outdir = await mkdtemp(path.join(tmpdir(), 'skill-two-lambdas-'));
  await buildLambda(outdir);
  lambdas = [0, 1].map(() => startBundleProcess(path.join(outdir, 'index.mjs'), { ...world.env, PRESS_DEBOUNCE_MS: '1' }));
  await Promise.all(lambdas.map((l) => l.ready));
}, 120_000);
afterAll(async () => {
  await Promise.all(lambdas.map((l) => l.close()));
  await world?.close();
  await rm(outdir, { recursive: true, force: true });
});

describe('two Lambda processes refreshing the same user at once', () => {
  it('send exactly one refresh to LWA, and both presses are delivered with the new token', async () => {
    await dueForRefresh();
    const refreshes = world.lwa.control.counters().refreshToken;
    const sent = world.gateway.control.events.length;
    // A slow LWA keeps the first refresh open while the second Lambda arrives.
    world.lwa.control.setFault({ delayMs: 500, only: ['token'] });
    try {
      const [a, b] = await Promise.all([lambdas[0]!.invoke('deviceHandler', press('front-door')), lambdas[1]!.invoke('deviceHandler', press('back-door'))]);
      for (const r of [a, b]) {
        expect(r.error).toBeUndefined();
        expect(r.res.statusCode).toBe(200);
        expect((JSON.parse(r.res.body) as PressResponse).outcome).toBe('DELIVERED');
      }
    } finally {
      world.lwa.control.setFault(undefined);
    }
    expect(world.lwa.control.counters().refreshToken).toBe(refreshes + 1);
    const delivered = world.gateway.control.events.slice(sent).filter((e) => e.name === 'DoorbellPress' && e.status === 202);
    expect(delivered.map((e) => DoorbellPressShape.parse(e.body).event.endpoint.endpointId).sort()).toEqual(['back-door', 'front-door']);
    const tokens = new Set(delivered.map((e) => DoorbellPressShape.parse(e.body).event.endpoint.scope.token));
    expect(tokens.size).toBe(1);
    expect(world.lwa.introspect([...tokens][0]!)?.email).toBe(ALICE);
  });

  it('kept the rotated refresh token: the next refresh, from either process, succeeds', async () => {
    const refreshes = world.lwa.control.counters().refreshToken;
    for (const [i, lambda] of lambdas.entries()) {
      await dueForRefresh();
      const r = await lambda.invoke('deviceHandler', press(i === 0 ? 'back-door' : 'front-door'));
      expect((JSON.parse(r.res.body) as PressResponse).outcome).toBe('DELIVERED');
    }
    expect(world.lwa.control.counters().refreshToken).toBe(refreshes + 2);
  });
});
