/**
 * The KVS signaling emulator (infra/local/kvs/), signing as the local account, its channels on disk
 * with the world's data. With a TURN server in the world, GetIceServerConfig hands it out (fresh
 * credentials per call, in KVS's shape), unless the caller gives its own list.
 */
import { startKvsEmulator, type KvsEmulator, type KvsEmulatorOptions } from '../../kvs/index.js';
import type { Part } from '../types.js';

/** What a caller may choose; address, account and data directory come from the world. */
export type KvsOptions = Pick<KvsEmulatorOptions, 'iceServers' | 'alexaOfferTimeoutMs' | 'goAwayGraceMs' | 'rateLimits'>;
export type KvsHandle = KvsEmulator;

export const kvsPart: Part<'kvs', never, 'turn'> = {
  needs: [],
  uses: ['turn'],
  async start(options, { turn }, ctx) {
    const { region, accountId, credentials } = ctx.account;
    const fromTurn = turn?.available ? ({ clientId }: { clientId?: string }) => turn.iceServers(clientId ?? 'master') : undefined;
    const kvs = await startKvsEmulator({
      ...options,
      iceServers: options.iceServers ?? fromTurn,
      host: ctx.host,
      port: ctx.port('kvs'),
      region,
      accountId,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      dataDir: ctx.dataPath('kvs'),
      pageOrigins: () => ctx.pageOrigins(),
      // The web server forwards the pages' KVS calls and sockets with their Host (SigV4 signs it).
      alsoServedAt: () => {
        const port = ctx.webPort();
        return port === undefined ? [] : [port];
      },
    });
    ctx.log(`KVS signaling emulator on ${kvs.endpoint}`);
    return { handle: kvs, stop: () => kvs.close(), service: { name: 'KVS signaling emulator', url: kvs.endpoint } };
  },
};
