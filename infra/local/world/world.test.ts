/**
 * The world function itself, with real parts: it starts what it is asked for and nothing else,
 * hands each part what it needs, lists the services in port order, refuses a part without the
 * parts it needs, and leaves nothing running when it is closed or when a part fails half way.
 */
import { DescribeSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DOORBELLS_TABLE } from '../../../contracts/tables.js';
import { LOCAL_REGION } from '../local-account.js';
import { PORT_OFFSETS } from './ports.js';
import { partsToStart, startWorld } from './start-world.js';

const listenOn = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const closeServer = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('startWorld', () => {
  it('refuses a part without the parts it needs, naming them, and starts the others in dependency order', async () => {
    await expect(partsToStart({ gateway: true })).rejects.toThrow('The gateway part needs the lwa part in the same world.');
    await expect(startWorld({ deviceApi: true, kvs: true })).rejects.toThrow(/needs the dynamodb part and the lwa part and the gateway part and the sts part/);
    await expect(startWorld({ accessApi: true, dynamodb: true })).rejects.toThrow(/needs the lwa part and the sts part/);
    await expect(startWorld({ healthCheck: true })).rejects.toThrow(/needs the lambda part/);
    const order = await partsToStart({ alexa: true, web: true, lambda: true, lwa: true, gateway: true, dynamodb: true });
    expect(order.map((p) => p.name)).toEqual(['web', 'dynamodb', 'lwa', 'gateway', 'lambda', 'alexa']);
  });

  it('starts only the parts asked for, hands each what it needs, and stops them all on close', async () => {
    const seed = [{ endpointId: 'world-door', name: 'World door', ownerEmail: 'alice@example.com', channelName: 'doorbell-world-door' }];
    const world = await startWorld({ dynamodb: true, kvs: true, doorbells: { doorbells: seed } });
    const kvs = new KinesisVideoClient({ region: LOCAL_REGION, endpoint: world.kvs.endpoint, credentials: world.account.credentials, maxAttempts: 1 });
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: LOCAL_REGION, endpoint: world.dynamodb.endpoint, credentials: world.account.credentials }));
    try {
      expect(Object.keys(world.services)).toEqual(['KVS signaling emulator', 'DynamoDB (dynalite)']);
      expect(Object.keys(world).filter((k) => !['account', 'services', 'skillEnv', 'close'].includes(k)).sort()).toEqual(['doorbells', 'dynamodb', 'kvs']);
      // The doorbells part used both: a channel in the emulator, an item in the registry.
      const door = world.doorbells.get('world-door')!;
      const described = await kvs.send(new DescribeSignalingChannelCommand({ ChannelName: 'doorbell-world-door' }));
      expect(described.ChannelInfo?.ChannelARN).toBe(door.channelArn);
      const { Item } = await doc.send(new GetCommand({ TableName: DOORBELLS_TABLE.defaultName, Key: { endpointId: 'world-door' } }));
      expect(Item).toMatchObject({ ownerEmail: 'alice@example.com', channelArn: door.channelArn });
      // The skill's environment names the parts there are, and no others.
      expect(world.skillEnv).toMatchObject({ AWS_ENDPOINT_URL_DYNAMODB: world.dynamodb.endpoint, AWS_ENDPOINT_URL_KINESIS_VIDEO: world.kvs.endpoint, AWS_REGION: LOCAL_REGION });
      expect(world.skillEnv.LWA_BASE_URL).toBeUndefined();
      // Its credentials are its own: made for this world, known to no other (npm start keeps one pair per installation).
      expect(world.account.credentials.accessKeyId).toMatch(/^LOCAL[A-Z2-7]{15}$/);
      expect(world.skillEnv).toMatchObject({ AWS_ACCESS_KEY_ID: world.account.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: world.account.credentials.secretAccessKey });
      const other = await startWorld({ kvs: true });
      try {
        expect(other.account.credentials.accessKeyId).not.toBe(world.account.credentials.accessKeyId);
        expect(other.account.credentials.secretAccessKey).not.toBe(world.account.credentials.secretAccessKey);
        const foreign = new KinesisVideoClient({ region: LOCAL_REGION, endpoint: world.kvs.endpoint, credentials: other.account.credentials, maxAttempts: 1 });
        await expect(foreign.send(new DescribeSignalingChannelCommand({ ChannelName: 'doorbell-world-door' }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
        foreign.destroy();
      } finally {
        await other.close();
      }
    } finally {
      kvs.destroy();
      doc.destroy();
      await world.close();
    }
    await expect(fetch(world.kvs.endpoint)).rejects.toThrow();
    await expect(fetch(world.dynamodb.endpoint)).rejects.toThrow();
    await world.close(); // a second close is harmless
  });

  it('stops the parts already started when a later one fails to start', async () => {
    // A main port whose DynamoDB slot is taken (and whose KVS slot is free): KVS starts, DynamoDB cannot.
    let blocker: Server | undefined;
    let main = 0;
    for (let attempt = 0; attempt < 20 && !blocker; attempt++) {
      const candidate = await listenOn(0);
      const port = (candidate.address() as { port: number }).port;
      main = port - PORT_OFFSETS.dynamodb;
      const kvsSlot = await listenOn(main + PORT_OFFSETS.kvs).catch(() => undefined);
      if (kvsSlot) {
        await closeServer(kvsSlot);
        blocker = candidate;
      } else await closeServer(candidate);
    }
    expect(blocker).toBeDefined();
    const logged: string[] = [];
    try {
      await expect(startWorld({ kvs: true, dynamodb: true }, { port: main, log: (l) => logged.push(l) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(logged).toEqual([`KVS signaling emulator on http://127.0.0.1:${main + PORT_OFFSETS.kvs}`]);
      // The emulator that did start was stopped: its port is free again.
      await closeServer(await listenOn(main + PORT_OFFSETS.kvs));
    } finally {
      await closeServer(blocker!);
    }
  });
});
