/**
 * The pages' site-config.json in the local world (the shape: contracts/site-config.ts), as the CDK
 * stack writes it into the pages bucket in AWS: the world's device and access APIs, the KVS API on
 * the pages' own origin (the web server forwards it), and the local Login with Amazon's one client
 * for the setup page's sign-in (PKCE, no secret).
 */
import { LWA_PATHS } from '../../../contracts/lwa.js';
import type { SiteConfig } from '../../../contracts/site-config.js';

export function localSiteConfig(o: { region: string; origin: string; deviceApiUrl: string; accessApiUrl: string; lwa: { endpoint: string; client: { clientId: string } }; credentialsRenewAt?: number }): SiteConfig {
  return {
    region: o.region,
    deviceApiUrl: o.deviceApiUrl.replace(/\/+$/, ''),
    accessApiUrl: o.accessApiUrl.replace(/\/+$/, ''),
    deviceApiSigning: { region: o.region, service: 'lambda' },
    kvsEndpoint: o.origin,
    signIn: { authorizeUrl: `${o.lwa.endpoint}${LWA_PATHS.authorize}`, clientId: o.lwa.client.clientId, scope: 'profile' },
    // Local only: renew sooner than at 2/3, so that tests and the soak see many renewals in little time.
    ...(o.credentialsRenewAt !== undefined ? { credentialsRenewAt: o.credentialsRenewAt } : {}),
  };
}
