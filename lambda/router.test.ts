import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ALICE, doorbell, pageCaller, startSkillWorld, type SkillWorld } from './testing/skill-world.js';
import { directive, type FixtureName } from './testing/fixtures/index.js';
import { AuthorizationErrorShape, ErrorResponseShape } from './testing/skill-messages.js';
import { lazyDocumentClient } from './store/dynamo.js';
import { readConfig } from './config.js';
import { TABLES } from '../contracts/tables.js';
import type { DirectiveHandler } from './router.js';
import { seededRandom } from './testing/malformed-directives.js';

let world: SkillWorld;
let handle: DirectiveHandler;
let token: string;

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('front-door', ALICE)]);
  handle = world.directives(world.runtime());
  token = await world.tokenFor(ALICE);
});
afterAll(() => world.close());

async function itemCounts(): Promise<number[]> {
  const doc = lazyDocumentClient(readConfig(world.env))();
  return Promise.all(TABLES.map(async (t) => (await doc.send(new ScanCommand({ TableName: t.defaultName }))).Items?.length ?? 0));
}

describe('the directive router', () => {
  it('answers INVALID_DIRECTIVE, never a throw, for inputs that are not directives at all', async () => {
    for (const input of [undefined, null, 0, 'directive', [], {}, { directive: null }, { directive: { header: 'x' } }, { directive: { header: {} } }]) {
      const res = await handle(input);
      expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INVALID_DIRECTIVE');
    }
  });

  it('answers INVALID_DIRECTIVE for a wrong payloadVersion, and still echoes correlation token and endpoint', async () => {
    const d = directive('report-state', { token, endpointId: 'front-door' });
    d.directive.header.payloadVersion = '2';
    const res = ErrorResponseShape.parse(await handle(d));
    expect(res.event.payload.type).toBe('INVALID_DIRECTIVE');
    expect(res.event.header.correlationToken).toBe(d.directive.header.correlationToken);
    expect(res.event.endpoint).toEqual({ endpointId: 'front-door' });
  });

  it('answers INVALID_DIRECTIVE for unknown namespaces and names', async () => {
    for (const [namespace, name] of [
      ['Alexa.PowerController', 'TurnOn'],
      ['Alexa.RTCSessionController', 'Explode'],
      ['Alexa.Authorization', 'RevokeGrant'],
      ['Alexa', 'Discover'],
    ]) {
      const d = directive('report-state', { token, endpointId: 'front-door' });
      d.directive.header.namespace = namespace;
      d.directive.header.name = name;
      const res = ErrorResponseShape.parse(await handle(d));
      expect(res.event.payload.type).toBe('INVALID_DIRECTIVE');
    }
  });

  it('answers INVALID_DIRECTIVE for a missing or malformed endpoint', async () => {
    const missing = directive('report-state', { token });
    delete missing.directive.endpoint;
    const badId = directive('report-state', { token, endpointId: 'front door with spaces' });
    const noScope = directive('report-state', { token, endpointId: 'front-door' });
    delete noScope.directive.endpoint!.scope;
    for (const d of [missing, badId, noScope]) expect(ErrorResponseShape.parse(await handle(d)).event.payload.type).toBe('INVALID_DIRECTIVE');
    expect(ErrorResponseShape.parse(await handle(badId)).event.endpoint).toBeUndefined();
  });

  it('answers INTERNAL_ERROR, not a throw or a hang, when the store is unreachable', async () => {
    const rt = world.runtime({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    const handle2 = world.directives(rt);
    for (const d of [directive('discover', { token }), directive('report-state', { token, endpointId: 'front-door' })]) {
      expect(ErrorResponseShape.parse(await handle2(d)).event.payload.type).toBe('INTERNAL_ERROR');
    }
    const press = await world.device(rt)({
      rawPath: '/v1/doorbells/front-door/press',
      requestContext: { http: { method: 'POST' }, authorizer: pageCaller('camera', 'front-door') },
    });
    expect(press.statusCode).toBe(500);
    expect(JSON.parse(press.body)).toMatchObject({ error: 'INTERNAL_ERROR' });
  });

  it('answers every seeded mutation of every fixture with a well-formed Alexa message and writes nothing for rejected ones', async () => {
    const random = seededRandom(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const weird = [undefined, null, 7, -1, true, '', 'x'.repeat(5000), [], {}, { nested: { deep: 1 } }, '\u0000\u0001', 'v=0\r\n'];
    const fixtures: FixtureName[] = ['discover', 'accept-grant', 'initiate-session-with-offer', 'session-connected', 'session-disconnected', 'report-state'];
    const before = await itemCounts();
    for (let i = 0; i < 200; i++) {
      const d = directive(pick(fixtures), { token: random() < 0.5 ? token : 'Atza|bogus', endpointId: pick(['front-door', 'nope', 'x']) });
      // Walk to a random node of the directive and replace or delete it.
      let node: Record<string, unknown> = d as unknown as Record<string, unknown>;
      for (let depth = 0; depth < 4; depth++) {
        const keys = Object.keys(node);
        const key = pick(keys);
        const child = node[key];
        if (depth === 3 || !child || typeof child !== 'object' || random() < 0.3) {
          if (random() < 0.3) delete node[key];
          else node[key] = pick(weird);
          break;
        }
        node = child as Record<string, unknown>;
      }
      const res = await handle(d);
      const name = res.event.header.name;
      if (name === 'ErrorResponse') {
        if (res.event.header.namespace === 'Alexa.Authorization') AuthorizationErrorShape.parse(res);
        else ErrorResponseShape.parse(res);
      } else {
        expect(['Discover.Response', 'AcceptGrant.Response', 'StateReport', 'SessionConnected', 'SessionDisconnected']).toContain(name);
      }
    }
    // Mutations may still be valid directives (e.g. a changed messageId); sessions may then be recorded,
    // but no user was linked (every AcceptGrant mutation lacks a fresh code) and no doorbell was added.
    const after = await itemCounts();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
  });
});
