/** The devices and setup stores against dynalite: their conditional writes are what make rotation and one-time codes safe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceItem } from '../../contracts/tables.js';
import { hashSecret, newSecret } from '../../contracts/secrets.js';
import { ALICE, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { lazyDocumentClient } from './dynamo.js';
import { DeviceStore } from './devices.js';
import { SetupStore } from './setup.js';

let world: SkillWorld;
let devices: DeviceStore;
let setup: SetupStore;

beforeAll(async () => {
  world = await startSkillWorld();
  const { config } = world.runtime();
  const doc = lazyDocumentClient(config);
  devices = new DeviceStore(doc, config.tables.devices);
  setup = new SetupStore(doc, config.tables.setup);
});
afterAll(() => world?.close());

const device = (over: Partial<DeviceItem> = {}): DeviceItem => ({
  deviceId: newSecret(16),
  endpointId: 'front-door',
  role: 'camera',
  label: 'Laptop',
  ownerEmail: ALICE,
  createdAt: Date.now(),
  pendingHash: 'P',
  retiredHashes: [],
  version: 1,
  ...over,
});

describe('the devices store', () => {
  it('creates a device once, and replaces it only over the version it was read at', async () => {
    const d = device();
    expect(await devices.create(d)).toBe(true);
    expect(await devices.create({ ...d, label: 'Impostor' })).toBe(false);
    expect(await devices.replace({ ...d, currentHash: 'P', pendingHash: 'N' }, 1)).toBe(true);
    // A second writer that read version 1 too loses, and nothing of its write lands.
    expect(await devices.replace({ ...d, label: 'Stale' }, 1)).toBe(false);
    expect(await devices.get(d.deviceId)).toMatchObject({ version: 2, label: 'Laptop', currentHash: 'P', pendingHash: 'N' });
  });

  it("lists a doorbell's devices, oldest first, and no other doorbell's", async () => {
    const a = device({ endpointId: 'porch', createdAt: 2 });
    const b = device({ endpointId: 'porch', createdAt: 1 });
    await devices.create(a);
    await devices.create(b);
    await devices.create(device({ endpointId: 'garage' }));
    expect((await devices.listByEndpoint('porch')).map((d) => d.deviceId)).toEqual([b.deviceId, a.deviceId]);
    expect(await devices.listByEndpoint('nowhere')).toEqual([]);
  });
});

describe('the setup store', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('finds a sign-in session while it lasts, never an enrollment code as one', async () => {
    const hash = await hashSecret(newSecret());
    await setup.putSession({ tokenHash: hash, email: ALICE, expiresAt: now() + 60 });
    expect(await setup.getSession(hash, now())).toMatchObject({ kind: 'session', email: ALICE });
    expect(await setup.getSession(hash, now() + 61)).toBeUndefined();
    expect(await setup.consumeEnrollment(hash, now())).toBeUndefined();
    expect(await setup.getSession(hash, now())).toBeDefined();
  });

  it('hands out an enrollment code exactly once, also to two takers at the same moment, and never once expired', async () => {
    const code = await world.enrollmentCode('front-door', 'viewer');
    const hash = await hashSecret(code);
    expect(await setup.getSession(hash, now())).toBeUndefined();
    const taken = await Promise.all([setup.consumeEnrollment(hash, now()), setup.consumeEnrollment(hash, now())]);
    expect(taken.filter(Boolean)).toEqual([expect.objectContaining({ kind: 'enrollment', endpointId: 'front-door', role: 'viewer' })]);
    const stale = await hashSecret(await world.enrollmentCode('front-door', 'camera', Date.now() - 11 * 60_000));
    expect(await setup.consumeEnrollment(stale, now())).toBeUndefined();
  });
});
