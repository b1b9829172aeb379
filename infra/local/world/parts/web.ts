/**
 * The main web server (stack/web-server.ts): it listens first, answering 503 until every part is
 * up, then serves the pages and their site-config.json, the KVS API on the pages' own origin, the
 * local Alexa's routes, the index and /health, each when the world has the part behind it.
 */
import { handleAlexaRoute } from '../../alexa/simulator/index.js';
import { renderIndexPage } from '../../stack/index-page.js';
import { kvsProxy } from '../../stack/kvs-proxy.js';
import { startWebServer, type StaticFolder } from '../../stack/web-server.js';
import { localSiteConfig } from '../site-config.js';
import type { Part } from '../types.js';
import { alexaUsersOf } from './alexa.js';

export type { StaticFolder } from '../../stack/web-server.js';

export interface WebOptions {
  /** The device API the pages' site-config.json names; default the world's own (the pages' tests name a stand-in). */
  deviceApiUrl?: string;
  /** Built folders served beside /camera/ and /echo-show/. */
  folders?: StaticFolder[];
  /** The fraction of a credential's lifetime after which pages renew it (PAGE_CREDENTIALS_RENEW_AT, local only); default theirs, 2/3. */
  credentialsRenewAt?: number;
}

export interface WebHandle {
  /** http://localhost:<port>: browsers treat localhost as a secure context (camera, microphone). */
  readonly url: string;
  readonly port: number;
}

export const webPart: Part<'web'> = {
  needs: [],
  async start(options, _deps, ctx) {
    const web = await startWebServer({ host: ctx.host, port: ctx.port('main'), distDir: ctx.distDir, ...(options.folders ? { folders: options.folders } : {}) });
    ctx.log(`web server listening on ${web.url} (503 until ready)`);
    return {
      handle: { url: web.url, port: web.port },
      stop: () => web.close(),
      service: { name: ctx.has('alexa') ? 'Pages and local Alexa' : 'Pages', url: web.url },
      ready(world) {
        const { kvs, alexa, doorbells, lwa, accessApi, deviceApi } = world;
        const users = alexa && lwa ? alexaUsersOf(lwa.users) : [];
        const deviceApiUrl = options.deviceApiUrl ?? deviceApi?.endpoint;
        web.setRoutes({
          ...(doorbells ? { indexPage: () => renderIndexPage({ doorbells: [...doorbells.values()], users, services: world.services }) } : {}),
          ...(accessApi && lwa && deviceApiUrl
            ? { siteConfig: (origin: string) => localSiteConfig({ region: world.account.region, origin, deviceApiUrl, accessApiUrl: accessApi.endpoint, lwa, credentialsRenewAt: options.credentialsRenewAt }) }
            : {}),
          ...(kvs ? { kvs: kvsProxy(kvs.endpoint) } : {}),
          ...(alexa ? { alexa: (req, res, url) => handleAlexaRoute(alexa, req, res, url) } : {}),
          health: () => ({ status: 'ok', services: world.services }),
        });
      },
    };
  },
};
