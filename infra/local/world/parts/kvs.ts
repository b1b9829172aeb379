/** The KVS signaling emulator (infra/local/kvs/), signing as the local account, its channels on disk with the world's data. */
import { startKvsEmulator, type KvsEmulator, type KvsEmulatorOptions } from '../../kvs/index.js';
import type { Part } from '../types.js';

/** What a caller may choose; address, account and data directory come from the world. */
export type KvsOptions = Pick<KvsEmulatorOptions, 'iceServers' | 'alexaOfferTimeoutMs' | 'goAwayGraceMs' | 'rateLimits'>;
export type KvsHandle = KvsEmulator;

export const kvsPart: Part<'kvs'> = {
  needs: [],
  async start(options, _deps, ctx) {
    const { region, accountId, credentials } = ctx.account;
    const kvs = await startKvsEmulator({
      ...options,
      host: ctx.host,
      port: ctx.port('kvs'),
      region,
      accountId,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      dataDir: ctx.dataPath('kvs'),
    });
    ctx.log(`KVS signaling emulator on ${kvs.endpoint}`);
    return { handle: kvs, stop: () => kvs.close(), service: { name: 'KVS signaling emulator', url: kvs.endpoint } };
  },
};
