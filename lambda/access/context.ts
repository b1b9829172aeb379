/**
 * What the access API keeps per warm Lambda beside the skill's runtime (the doorbell registry,
 * config, log, clock): the devices and setup stores, the setup sign-in's LWA client (PKCE, no
 * secret), the page roles' STS sessions and the rate limiter. Built on the access API's first
 * request only, so the skill's and the device API's Lambdas never load any of it.
 */
import type { PageRole } from '../../contracts/page-roles.js';
import { LwaClient } from '../lwa/client.js';
import type { Runtime } from '../runtime.js';
import { DeviceStore } from '../store/devices.js';
import { lazyDocumentClient } from '../store/dynamo.js';
import { SetupStore } from '../store/setup.js';
import { RateLimiter } from './rate-limit.js';
import { PageRoleSessions } from './sts.js';

export interface AccessContext {
  runtime: Runtime;
  devices: DeviceStore;
  setup: SetupStore;
  /** The setup page's LWA client: the security profile account linking uses, without its secret. */
  signIn: LwaClient;
  sts: PageRoleSessions;
  limiter: RateLimiter;
  /** The ARN of each page role; undefined when not configured. */
  roleArn(role: PageRole): string | undefined;
}

export function createAccessContext(runtime: Runtime, opts: { limiter?: RateLimiter } = {}): AccessContext {
  const { config } = runtime;
  const doc = lazyDocumentClient(config);
  return {
    runtime,
    devices: new DeviceStore(doc, config.tables.devices),
    setup: new SetupStore(doc, config.tables.setup),
    signIn: new LwaClient({ baseUrl: config.lwa.baseUrl, clientId: config.setupClientId }),
    sts: new PageRoleSessions(config),
    limiter: opts.limiter ?? new RateLimiter(),
    roleArn: (role) => config.pageRoles[role],
  };
}
