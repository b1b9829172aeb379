/**
 * Where the web server's page configurations come from (`GET /local/page-config/{endpointId}?role=`),
 * built by the one builder in contracts/page-config.ts. The KVS endpoint is always the page's own
 * origin, since the web server forwards the KVS API (stack/kvs-proxy.ts).
 */
import { buildPageConfig, type PageConfig } from '../../../contracts/page-config.js';
import type { PageRole } from '../../../contracts/page-roles.js';
import type { WorldView } from './types.js';

export type PageConfigAnswer = (endpointId: string, role: PageRole, origin: string) => PageConfig | undefined;
/** Given the started world, the answer to page-config requests; undefined: the route is not served. */
export type PageConfigSource = (world: WorldView) => PageConfigAnswer | undefined;

/**
 * What `npm start` serves: the world's doorbells only, each page with its own short-lived
 * credentials (the pageCredentials part), calling the world's device API.
 */
export const issuedPageConfig: PageConfigSource = ({ doorbells, pageCredentials, deviceApi, account }) => {
  if (!doorbells || !pageCredentials || !deviceApi) return undefined;
  return (endpointId, role, origin) => {
    const doorbell = doorbells.get(endpointId);
    if (!doorbell) return undefined;
    return buildPageConfig({ doorbell, region: account.region, kvsEndpoint: origin, deviceApiUrl: deviceApi.endpoint, credentials: pageCredentials.issue(endpointId, role) });
  };
};

/**
 * What the page tests and the benchmark serve: the world's own credentials, a device API of the
 * caller's choosing, and a configuration for any endpointId (one the world has not got names a
 * channel that does not exist, for the pages' error paths); `adjust` changes one before it goes out.
 */
export function accountPageConfig(opts: { deviceApiUrl: string; adjust?: (config: PageConfig) => PageConfig }): PageConfigSource {
  return ({ doorbells, account }) => (endpointId, _role, origin) => {
    const channelName = `doorbell-${endpointId}`;
    const doorbell = doorbells?.get(endpointId) ?? { endpointId, name: `Doorbell ${endpointId}`, channelName, channelArn: `arn:aws:kinesisvideo:${account.region}:${account.accountId}:channel/${channelName}/1` };
    const { accessKeyId, secretAccessKey } = account.credentials;
    const config = buildPageConfig({ doorbell, region: account.region, kvsEndpoint: origin, deviceApiUrl: opts.deviceApiUrl, credentials: { accessKeyId, secretAccessKey } });
    return opts.adjust ? opts.adjust(config) : config;
  };
}
