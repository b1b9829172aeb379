import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { channelNameOf, loadDoorbells, parseDoorbells } from './doorbells-config.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('doorbells configuration', () => {
  it('accepts the example file shipped beside the stack, whose doorbell is named so that "Alexa, show me the doorbell" works as written', () => {
    const doorbells = loadDoorbells(path.join(here, 'doorbells.json'));
    expect(doorbells.length).toBeGreaterThan(0);
    expect(doorbells[0]).toMatchObject({ endpointId: 'front-door', name: 'Doorbell' });
  });

  it('lower-cases owner emails, as the skill compares them with the LWA profile email lower-cased', () => {
    const [doorbell] = parseDoorbells([{ endpointId: 'front-door', name: 'Front Door', ownerEmail: 'Alice@Example.COM' }]);
    expect(doorbell!.ownerEmail).toBe('alice@example.com');
  });

  it('derives the channel name from the endpointId unless one is configured', () => {
    const [derived, named] = parseDoorbells([
      { endpointId: 'front-door', name: 'Front Door', ownerEmail: 'a@example.com' },
      { endpointId: 'back-door', name: 'Back Door', ownerEmail: 'a@example.com', channelName: 'my.channel' },
    ]);
    expect(channelNameOf(derived!)).toBe('doorbell-front-door');
    expect(channelNameOf(named!)).toBe('my.channel');
  });

  it.each([
    ['an empty list', []],
    ['a duplicate endpointId', [
      { endpointId: 'door', name: 'A', ownerEmail: 'a@example.com' },
      { endpointId: 'door', name: 'B', ownerEmail: 'b@example.com' },
    ]],
    ['an endpointId that is no valid role session name', [{ endpointId: 'front door!', name: 'A', ownerEmail: 'a@example.com' }]],
    ['a one-character endpointId', [{ endpointId: 'x', name: 'A', ownerEmail: 'a@example.com' }]],
    ['a missing owner', [{ endpointId: 'door', name: 'A' }]],
    ['an owner that is no email', [{ endpointId: 'door', name: 'A', ownerEmail: 'alice' }]],
    ['an invalid channel name', [{ endpointId: 'door', name: 'A', ownerEmail: 'a@example.com', channelName: 'no spaces' }]],
    ['an unknown field (a typo would be silently ignored)', [{ endpointId: 'door', name: 'A', ownerEmail: 'a@example.com', ownerMail: 'x' }]],
  ])('rejects %s', (_, config) => {
    expect(() => parseDoorbells(config)).toThrow(/Invalid doorbells configuration/);
  });
});
