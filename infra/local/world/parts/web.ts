/**
 * The main web server (stack/web-server.ts): it listens first, answering 503 until every part is
 * up, then serves the pages, their configuration, the KVS API on the pages' own origin, the local
 * Alexa's routes, the index and /health, each when the world has the part behind it.
 */
import { handleAlexaRoute } from '../../alexa/simulator/index.js';
import { renderIndexPage } from '../../stack/index-page.js';
import { kvsProxy } from '../../stack/kvs-proxy.js';
import { startWebServer, type StaticFolder } from '../../stack/web-server.js';
import { issuedPageConfig, type PageConfigSource } from '../page-configs.js';
import type { Part } from '../types.js';
import { alexaUsersOf } from './alexa.js';

export type { StaticFolder } from '../../stack/web-server.js';

export interface WebOptions {
  /** Where `GET /local/page-config/{endpointId}?role=` answers come from; default issued credentials (page-configs.ts). */
  pageConfig?: PageConfigSource;
  /** Built folders served beside /camera/ and /echo-show/. */
  folders?: StaticFolder[];
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
        const { kvs, alexa, doorbells, lwa } = world;
        const users = alexa && lwa ? alexaUsersOf(lwa.users) : [];
        const pageConfig = (options.pageConfig ?? issuedPageConfig)(world);
        web.setRoutes({
          ...(doorbells ? { indexPage: () => renderIndexPage({ doorbells: [...doorbells.values()], users, services: world.services, accessKeyId: world.account.credentials.accessKeyId }) } : {}),
          ...(pageConfig ? { pageConfig } : {}),
          ...(kvs ? { kvs: kvsProxy(kvs.endpoint) } : {}),
          ...(alexa ? { alexa: (req, res, url) => handleAlexaRoute(alexa, req, res, url) } : {}),
          health: () => ({ status: 'ok', services: world.services }),
        });
      },
    };
  },
};
