/**
 * The local Alexa against the real local stack (skill bundle, LWA, event gateway, KVS emulator,
 * dynalite), without a browser: token refresh, error answers, announcements per user, re-linking.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceApiCallError, DeviceApiClient } from '../../../../camera/device-api/client.js';
import { enrollDevice, presets, type NpmStartWorld } from '../../world/index.js';
import type { PageRole } from '../../../../contracts/page-roles.js';
import { buildInto } from '../../stack/build-into.js';

let dist: string;
let dataDir: string;
let stack: NpmStartWorld;

const api = (p: string, method = 'GET', body?: unknown): Promise<Response> =>
  fetch(`${stack.web.url}/alexa/api${p}`, {
    method,
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }),
  });

/** A device set up the product's way (a one-time code, enrolled and exchanged at the access API): what its page reaches its doorbell with. */
async function pageConfig(endpointId: string, role: PageRole) {
  const { exchange } = await enrollDevice(stack, { endpointId, role });
  return { ...exchange.doorbell, credentials: exchange.credentials, deviceApiUrl: stack.deviceApi.endpoint, deviceApiSigning: { region: stack.account.region, service: 'lambda' }, kvsEndpoint: stack.web.url };
}
type PageConfig = Awaited<ReturnType<typeof pageConfig>>;

function deviceClient(config: PageConfig, endpointId = config.endpointId): DeviceApiClient {
  return new DeviceApiClient({ baseUrl: config.deviceApiUrl, endpointId, signing: config.deviceApiSigning, credentials: config.credentials });
}

/** Reads an SSE stream and collects its `doorbell` events. */
function announcements(user: string): { events: { endpointId: string }[]; next(): Promise<{ endpointId: string }>; close(): void } {
  const events: { endpointId: string }[] = [];
  const waiters: ((e: { endpointId: string }) => void)[] = [];
  const abort = new AbortController();
  void (async () => {
    const response = await fetch(`${stack.web.url}/alexa/api/users/${user}/announcements`, { signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.startsWith('event: doorbell')) continue;
        const event = JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { endpointId: string };
        events.push(event);
        waiters.shift()?.(event);
      }
    }
  })().catch(() => undefined);
  return {
    events,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => abort.abort(),
  };
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'local-alexa-dist-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-alexa-data-'));
  await buildInto(dist);
  // Access tokens shorter than Alexa's refresh margin: every directive refreshes first.
  stack = await presets.npmStart({ port: 0, dataDir, distDir: dist, accessTokenTtlSeconds: 30, onLambdaLog: () => undefined });
}, 90_000);

afterAll(async () => {
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local Alexa', () => {
  it('links an account (code flow, AcceptGrant, Discover) and refreshes the rotating tokens itself', async () => {
    const linked = await api('/users/alice/link', 'POST');
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ linked: true, linkedEmail: 'alice@example.com', endpoints: [{ endpointId: 'front-door', friendlyName: 'Doorbell' }] });
    const before = stack.lwa.control.counters().refreshToken;
    for (let i = 0; i < 2; i++) {
      const found = (await (await api('/users/alice/discover', 'POST')).json()) as { endpoints: { endpointId: string }[] };
      expect(found.endpoints.map((e) => e.endpointId)).toEqual(['front-door']);
    }
    expect(stack.lwa.control.counters().refreshToken).toBeGreaterThanOrEqual(before + 2);
  });

  it('answers the skill’s errors and its own refusals as typed JSON errors', async () => {
    await api('/users/alice/link', 'POST');
    const unreachable = await api('/users/alice/sessions', 'POST', { endpointId: 'front-door', offer: 'v=0\r\n' });
    expect(unreachable.status).toBe(502);
    expect(await unreachable.json()).toMatchObject({ error: { type: 'ENDPOINT_UNREACHABLE' } });
    const notHers = await api('/users/alice/sessions', 'POST', { endpointId: 'garage', offer: 'v=0\r\n' });
    expect(notHers.status).toBe(404);
    expect(await notHers.json()).toMatchObject({ error: { type: 'NO_SUCH_ENDPOINT' } });
    expect((await api('/users/alice/sessions', 'POST', { endpointId: 'front-door' })).status).toBe(400);
    expect((await api('/users/carol')).status).toBe(404);
    expect((await api('/users/alice/sessions/unknown/connected', 'POST')).status).toBe(404);
    const state = (await (await api('/users/alice/devices/front-door/state')).json()) as { connectivity: string };
    expect(state.connectivity).toBe('UNREACHABLE');
  });

  it('takes a POST only as JSON: a bodyless, form or text POST is refused (415) and changes nothing', async () => {
    await api('/users/alice/link', 'POST');
    const unlink = `${stack.web.url}/alexa/api/users/alice/unlink`;
    const refused = [
      await fetch(unlink, { method: 'POST' }),
      await fetch(unlink, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      await fetch(unlink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([415, 415, 415]);
    expect(await refused[0]!.json()).toMatchObject({ error: { type: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(((await (await api('/users/alice')).json()) as { linked: boolean }).linked).toBe(true);
    // The same request as JSON goes through (the check can fail).
    expect(((await (await api('/users/alice/unlink', 'POST')).json()) as { linked: boolean }).linked).toBe(false);
    await api('/users/alice/link', 'POST');
  });

  it('announces a press only on the Echo Show of the doorbell’s owner', async () => {
    await api('/users/alice/link', 'POST');
    await api('/users/bob/link', 'POST');
    const alice = announcements('alice');
    const bob = announcements('bob');
    try {
      const aliceEvent = alice.next();
      const press = await deviceClient(await pageConfig('front-door', 'button')).press();
      expect(press.outcome).toBe('DELIVERED');
      expect((await aliceEvent).endpointId).toBe('front-door');

      const bobEvent = bob.next();
      expect((await deviceClient(await pageConfig('garage', 'button')).press()).outcome).toBe('DELIVERED');
      expect((await bobEvent).endpointId).toBe('garage');
      // Each saw only their own doorbell (bob's stream got garage after alice's press was announced).
      expect(bob.events.map((e) => e.endpointId)).toEqual(['garage']);
      expect(alice.events.map((e) => e.endpointId)).toEqual(['front-door']);
    } finally {
      alice.close();
      bob.close();
    }
  });

  it('gives each page credentials for its own doorbell and role only', async () => {
    const camera = await pageConfig('front-door', 'camera');
    // The front door's camera cannot act as the garage.
    const asGarage = await deviceClient(camera, 'garage').getDoorbell().catch((e: unknown) => e);
    expect(asGarage).toBeInstanceOf(DeviceApiCallError);
    expect((asGarage as DeviceApiCallError).status).toBe(403);
    // A viewer is not the doorbell device.
    const viewer = await deviceClient(await pageConfig('front-door', 'viewer')).press().catch((e: unknown) => e);
    expect(viewer).toBeInstanceOf(DeviceApiCallError);
    expect((viewer as DeviceApiCallError).status).toBe(403);
    // The camera itself may.
    expect((await deviceClient(camera).getDoorbell()).endpointId).toBe('front-door');
  });

  it('links through the browser flow only with LWA’s consent and the state it sent', async () => {
    await api('/users/bob/unlink', 'POST');
    const start = await fetch(`${stack.web.url}/alexa/link?user=bob`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(stack.lwa.endpoint);
    expect(authorize.pathname).toBe('/ap/oa');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.web.url}/alexa/link/callback`);
    // The person presses Cancel at the sign-in page.
    authorize.searchParams.set('local_user', 'bob@example.com');
    authorize.searchParams.set('decision', 'deny');
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = await fetch(back.headers.get('location')!, { redirect: 'manual' });
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('access_denied');
    // A code delivered with a state the local Alexa never issued is not accepted.
    const code = stack.lwa.issueAuthorizationCode('bob@example.com', `${stack.web.url}/alexa/link/callback`);
    const forged = await fetch(`${stack.web.url}/alexa/link/callback?code=${encodeURIComponent(code)}&state=forged`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(await (await api('/users/bob')).json()).toMatchObject({ linked: false });
  });

  it('drops a link that Login with Amazon revoked and asks for a new one', async () => {
    await api('/users/bob/link', 'POST');
    stack.lwa.control.revokeUser('bob@example.com');
    const refused = await api('/users/bob/discover', 'POST');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { type: 'LINK_EXPIRED' } });
    expect(await (await api('/users/bob')).json()).toMatchObject({ linked: false, endpoints: [] });
    const relinked = (await (await api('/users/bob/link', 'POST')).json()) as { linked: boolean; endpoints: { endpointId: string }[] };
    expect(relinked.linked).toBe(true);
    expect(relinked.endpoints.map((e) => e.endpointId)).toEqual(['garage']);
  });
});
