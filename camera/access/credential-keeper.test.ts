import { describe, expect, it } from 'vitest';
import type { CredentialsResponse } from '../../contracts/access-api/bodies.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { classify } from '../../lambda/access/grants.js';
import { AccessApiCallError } from './access-api-client.js';
import { CredentialKeeper, KeeperStopped, type KeeperClock, type KeeperState } from './credential-keeper.js';
import type { GrantRecord, GrantStore } from './grant-store.js';

/** A clock whose timers run only when the test moves time on. */
function fakeClock(start = Date.parse('2026-05-01T10:00:00Z')) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: KeeperClock & { advance(ms: number): Promise<void>; sleep(ms: number): void; pending(): number[] } = {
    now: () => now,
    setTimeout(fn, ms) {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
      await settle();
    },
    /** The machine sleeps: time passes, and no timer runs. */
    sleep(ms) {
      now += ms;
    },
    pending: () => [...timers.values()].map((t) => t.at - now),
  };
  return clock;
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function memoryStore(initial: GrantRecord[] = []): GrantStore & { records: Map<string, GrantRecord>; failPuts: boolean } {
  const records = new Map(initial.map((r) => [r.role, r]));
  const store = {
    records,
    failPuts: false,
    get: async (role: PageRole) => records.get(role),
    async put(r: GrantRecord) {
      if (store.failPuts) throw new Error('QuotaExceededError');
      records.set(r.role, r);
    },
    delete: async (role: PageRole) => void records.delete(role),
    all: async () => [...records.values()],
  };
  return store;
}

/** Web Locks' exclusive mode: one holder at a time per name, the rest queued in order. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name: string, fn: () => Promise<unknown>) {
      const run = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  } as unknown as Pick<LockManager, 'request'>;
}

/**
 * The access API's rotation and reuse rules (the skill's own `classify`) over plain secrets:
 * presenting the pending secret promotes it, the current one re-issues the pending, a retired one
 * revokes the device.
 */
function fakeAccessApi(clock: KeeperClock, lifetimeMs: number, server: { clockBehindMs?: number; saysLifetime?: boolean } = {}) {
  let n = 0;
  const device = { currentHash: undefined as string | undefined, pendingHash: 's0' as string | undefined, retiredHashes: [] as string[], revoked: undefined as 'OWNER' | 'REUSED' | undefined };
  const api = {
    device,
    presented: [] as string[],
    failNext: 0,
    async exchange(grant: string): Promise<CredentialsResponse> {
      api.presented.push(grant);
      if (api.failNext > 0) {
        api.failNext -= 1;
        throw new AccessApiCallError('unreachable', 0);
      }
      if (device.revoked) throw new AccessApiCallError('revoked', 401, 'GRANT_REVOKED', device.revoked);
      const secret = grant.split('.')[2]!;
      const presented = classify(device, secret);
      if (presented === 'retired') {
        device.revoked = 'REUSED';
        throw new AccessApiCallError('revoked', 401, 'GRANT_REVOKED', 'REUSED');
      }
      if (presented === 'unknown') throw new AccessApiCallError('unknown grant', 401, 'GRANT_INVALID');
      const next = `s${++n}`;
      if (presented === 'pending') {
        if (device.currentHash) device.retiredHashes.push(device.currentHash);
        device.currentHash = device.pendingHash;
      } else if (device.pendingHash) device.retiredHashes.push(device.pendingHash);
      device.pendingHash = next;
      return {
        grant: `dg1.dev.${next}`,
        credentials: {
          accessKeyId: `ASIA${n}`,
          secretAccessKey: `secret-${n}`,
          sessionToken: `token-${n}`,
          // The service's clock, which may differ from the page's.
          expiration: new Date(clock.now() - (server.clockBehindMs ?? 0) + lifetimeMs).toISOString(),
          ...(server.saysLifetime ? { lifetimeSeconds: lifetimeMs / 1000 } : {}),
        },
        device: { deviceId: 'dev', endpointId: 'front-door', role: 'camera', label: 'Laptop', createdAt: '2026-05-01T09:00:00Z' },
        doorbell: { endpointId: 'front-door', name: 'Doorbell', channelName: 'doorbell-front-door', channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/doorbell-front-door/1', region: 'us-east-1' },
      };
    },
  };
  return api;
}

const record = (grant = 'dg1.dev.s0', deviceId = 'dev'): GrantRecord => ({ role: 'camera', grant, deviceId, endpointId: 'front-door', doorbellName: 'Doorbell', label: 'Laptop', savedAt: 0 });

function setUp(o: { lifetimeMs?: number; renewAt?: number; server?: Parameters<typeof fakeAccessApi>[2] } = {}) {
  const clock = fakeClock();
  const api = fakeAccessApi(clock, o.lifetimeMs ?? 900_000, o.server);
  const store = memoryStore([record()]);
  const states: KeeperState[] = [];
  const keeper = new CredentialKeeper(record(), { store, exchange: (g) => api.exchange(g), clock, locks: fakeLocks(), onState: (s) => states.push(s), ...(o.renewAt ? { renewAt: o.renewAt } : {}) });
  return { clock, api, store, states, keeper };
}

describe('CredentialKeeper', () => {
  it('times its renewals by the lifetime the service tells, on a page whose clock is 20 minutes fast', async () => {
    const { clock, api, keeper } = setUp({ server: { clockBehindMs: 20 * 60_000, saysLifetime: true } });
    await keeper.start();
    // By this page's clock the credentials expired 5 minutes ago; they still last 15 minutes.
    expect(clock.pending()).toEqual([600_000]);
    for (let i = 0; i < 5; i++) await keeper.credentials();
    await clock.advance(599_000);
    expect(api.presented).toHaveLength(1);
    await clock.advance(1_000);
    expect(api.presented).toHaveLength(2);
  });

  it('stores the rotated grant before anyone gets the credentials, and renews at 2/3 of their lifetime with the newest grant', async () => {
    const { clock, api, store, keeper } = setUp();
    const seen: string[] = [];
    keeper.onRenewed((a) => seen.push(`${a.credentials.accessKeyId} with ${store.records.get('camera')!.grant} stored`));
    const first = await keeper.start();
    expect(first.credentials.accessKeyId).toBe('ASIA1');
    expect(seen).toEqual(['ASIA1 with dg1.dev.s1 stored']);
    expect(clock.pending()).toEqual([600_000]);

    await clock.advance(599_000);
    expect(api.presented).toEqual(['dg1.dev.s0']);
    await clock.advance(1_000);
    expect(api.presented).toEqual(['dg1.dev.s0', 'dg1.dev.s1']);
    await clock.advance(600_000);
    expect(api.presented).toEqual(['dg1.dev.s0', 'dg1.dev.s1', 'dg1.dev.s2']);
    expect(keeper.renewals).toBe(2);
    expect(store.records.get('camera')!.grant).toBe('dg1.dev.s3');
    expect((await keeper.credentials()).accessKeyId).toBe('ASIA3');
    expect(api.device.revoked).toBeUndefined();
  });

  it('renews at the fraction it is given', async () => {
    const { clock, keeper } = setUp({ lifetimeMs: 30_000, renewAt: 0.25 });
    await keeper.start();
    expect(clock.pending()).toEqual([7_500]);
  });

  it('renews at once when the page is visible, online or awake again, but not credentials younger than a tenth of their life', async () => {
    const { clock, api, keeper } = setUp();
    await keeper.start();
    keeper.renewNow('visible');
    await clock.advance(0);
    expect(api.presented).toHaveLength(1);
    await clock.advance(90_000);
    keeper.renewNow('visible');
    await clock.advance(0);
    expect(api.presented).toHaveLength(2);
    await clock.advance(90_000);
    keeper.renewNow('wake');
    keeper.renewNow('online');
    await clock.advance(0);
    // One renewal at a time: the second call found one under way.
    expect(api.presented).toHaveLength(3);
    expect(keeper.renewals).toBe(2);
  });

  it('backs off while the access API is unreachable, says so, ends the wait when the network is back, and recovers', async () => {
    const { clock, api, keeper, states } = setUp();
    await keeper.start();
    api.failNext = 3;
    await clock.advance(600_000);
    const retrying = states.filter((s) => s.kind === 'retrying');
    expect(retrying).toHaveLength(1);
    expect(retrying[0]).toMatchObject({ unreachable: true, attempt: 1 });
    const first = (retrying[0] as { retryInMs: number }).retryInMs;
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1_000);
    await clock.advance(first);
    const second = (states.filter((s) => s.kind === 'retrying')[1] as { retryInMs: number }).retryInMs;
    expect(second).toBeGreaterThanOrEqual(1_000);
    expect(second).toBeLessThanOrEqual(2_000);
    // The network is back: no need to wait out the backoff.
    keeper.renewNow('online');
    await clock.advance(0);
    expect(states.filter((s) => s.kind === 'retrying')).toHaveLength(3);
    keeper.renewNow('online');
    await clock.advance(0);
    expect(keeper.state.kind).toBe('valid');
    expect(keeper.renewals).toBe(1);
    // Every failed try presented the same grant (the service never saw it), so nothing was reused.
    expect(api.presented.slice(1)).toEqual(['dg1.dev.s1', 'dg1.dev.s1', 'dg1.dev.s1', 'dg1.dev.s1']);
    expect(api.device.revoked).toBeUndefined();
  });

  it('stops for good when the device is revoked, saying why, and renews no more', async () => {
    const { clock, api, keeper, states } = setUp();
    await keeper.start();
    api.device.revoked = 'OWNER';
    await clock.advance(600_000);
    expect(keeper.state).toMatchObject({ kind: 'stopped', why: 'revoked', reason: 'OWNER' });
    expect((keeper.state as { message: string }).message).toMatch(/revoked by its owner/);
    expect(clock.pending()).toEqual([]);
    const calls = api.presented.length;
    keeper.renewNow('visible');
    await clock.advance(3_600_000);
    expect(api.presented).toHaveLength(calls);
    expect(states.at(-1)?.kind).toBe('stopped');
  });

  it('rejects start() when a revoked device gets no first credentials', async () => {
    const { api, keeper } = setUp();
    api.device.revoked = 'REUSED';
    const error = await keeper.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeeperStopped);
    expect((error as KeeperStopped).state).toMatchObject({ why: 'revoked', reason: 'REUSED' });
    expect((error as KeeperStopped).message).toMatch(/old copy of its grant/);
  });

  it('does not use credentials whose rotated grant it could not store, and presents the stored grant again', async () => {
    const { clock, api, store, keeper } = setUp();
    await keeper.start();
    store.failPuts = true;
    await clock.advance(600_000);
    expect(keeper.state).toMatchObject({ kind: 'retrying', unreachable: false });
    expect((await keeper.credentials()).accessKeyId).toBe('ASIA1');
    store.failPuts = false;
    keeper.renewNow('visible');
    await clock.advance(0);
    // The stored grant (s1) was presented again: the current one for the service, never a reuse.
    expect(api.presented).toEqual(['dg1.dev.s0', 'dg1.dev.s1', 'dg1.dev.s1']);
    expect(api.device.revoked).toBeUndefined();
    expect((await keeper.credentials()).accessKeyId).toBe('ASIA3');
  });

  it('renews before handing out credentials that have expired (a page woken from a long sleep)', async () => {
    const { clock, api, keeper } = setUp();
    await keeper.start();
    // Timers did not run during the sleep; the first signer to ask after it gets fresh credentials.
    clock.sleep(2 * 3_600_000);
    const c = await keeper.credentials();
    expect(c.accessKeyId).toBe('ASIA2');
    expect(c.expiration.getTime()).toBe(clock.now() + 900_000);
    expect(api.presented).toHaveLength(2);
  });

  it('lets two tabs of the same device renew side by side without ever presenting a rotated grant', async () => {
    const clock = fakeClock();
    const api = fakeAccessApi(clock, 30_000);
    const store = memoryStore([record()]);
    const locks = fakeLocks();
    const tab = () => new CredentialKeeper(record(), { store, exchange: (g) => api.exchange(g), clock, locks });
    const [a, b] = [tab(), tab()];
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 10; i++) {
      await clock.advance(7_000);
      a.renewNow('visible');
      b.renewNow('online');
    }
    await clock.advance(60_000);
    expect(api.device.revoked).toBeUndefined();
    expect(a.renewals + b.renewals).toBeGreaterThan(10);
    expect(new Set(api.presented).size).toBe(api.presented.length);
  });

  it('stops when this browser was set up again as another device of the same role', async () => {
    const { clock, store, keeper } = setUp();
    await keeper.start();
    store.records.set('camera', record('dg1.other.x', 'other'));
    await clock.advance(600_000);
    expect(keeper.state).toMatchObject({ kind: 'stopped', why: 'replaced' });
  });
});
