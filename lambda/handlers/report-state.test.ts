import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { directive } from '../testing/fixtures/index.js';
import { ErrorResponseShape, StateReportShape } from '../testing/skill-messages.js';

let world: SkillWorld;
let token: string;

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([
    doorbell('online', ALICE),
    doorbell('said-offline', ALICE, { online: false }),
    doorbell('silent', ALICE, { lastSeenAt: Date.now() - 2 * 60_000 }),
    doorbell('never-seen', ALICE, { online: undefined, lastSeenAt: undefined }),
    doorbell('bobs', BOB),
  ]);
  token = await world.tokenFor(ALICE);
});
afterAll(() => world.close());

describe('ReportState', () => {
  it('reports connectivity OK for a camera with a recent heartbeat, echoing correlation token and endpoint', async () => {
    const d = directive('report-state', { token, endpointId: 'online' });
    const res = StateReportShape.parse(await world.directives(world.runtime())(d));
    expect(res.context.properties[0]!.value).toEqual({ value: 'OK' });
    expect(res.event.header.correlationToken).toBe(d.directive.header.correlationToken);
    expect(res.event.endpoint.endpointId).toBe('online');
  });

  it('reports UNREACHABLE for a camera that said offline, went silent, or was never seen', async () => {
    const handle = world.directives(world.runtime());
    for (const endpointId of ['said-offline', 'silent', 'never-seen']) {
      const res = StateReportShape.parse(await handle(directive('report-state', { token, endpointId })));
      expect(res.context.properties[0]!.value).toEqual({ value: 'UNREACHABLE' });
    }
  });

  it('honours CAMERA_OFFLINE_AFTER_MS', async () => {
    const handle = world.directives(world.runtime({ CAMERA_OFFLINE_AFTER_MS: String(10 * 60_000) }));
    const res = StateReportShape.parse(await handle(directive('report-state', { token, endpointId: 'silent' })));
    expect(res.context.properties[0]!.value).toEqual({ value: 'OK' });
  });

  it("answers NO_SUCH_ENDPOINT for another user's doorbell", async () => {
    const res = await world.directives(world.runtime())(directive('report-state', { token, endpointId: 'bobs' }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('NO_SUCH_ENDPOINT');
  });
});
