/**
 * Login with Amazon (infra/local/lwa/) with the skill's OAuth client: a fixed local client id and
 * a secret generated on first start, kept with the world's data (stack/lwa-client.ts) so that
 * grants persisted there stay redeemable after a restart.
 */
import type { OAuthClient } from '../../lwa/clients.js';
import { startLocalLwa, type LocalLwa } from '../../lwa/index.js';
import { localLwaClient } from '../../stack/lwa-client.js';
import type { Part } from '../types.js';

export interface LwaOptions {
  /** Access-token lifetime (short values exercise the refresh paths); default 3600. */
  accessTokenTtlSeconds?: number;
}

export type LwaHandle = LocalLwa & {
  /** The skill's security profile, which the local Alexa links with too. */
  readonly client: OAuthClient;
};

export const lwaPart: Part<'lwa'> = {
  needs: [],
  async start(options, _deps, ctx) {
    const client = await localLwaClient(ctx.dataPath());
    const lwa = await startLocalLwa({
      ...client,
      host: ctx.host,
      port: ctx.port('lwa'),
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      dataDir: ctx.dataPath('lwa'),
    });
    ctx.log(`Login with Amazon on ${lwa.endpoint}`);
    return { handle: { ...lwa, client }, stop: () => lwa.close(), service: { name: 'Login with Amazon', url: lwa.endpoint } };
  },
};
