/**
 * Everything a warm Lambda keeps between invocations, wired once from the configuration: the
 * stores, the LWA client, the profile cache, the token keeper and the signaling clients. Nothing
 * here opens a connection or loads an SDK until the first directive needs it.
 */
import type { SkillConfig } from './config.js';
import { createLogger, type Log } from './log.js';
import { clientSecretProvider } from './auth/client-secret.js';
import { ProfileResolver } from './auth/profile.js';
import { AccessTokens } from './auth/access-token.js';
import { LwaClient } from './lwa/client.js';
import { lazyDocumentClient } from './store/dynamo.js';
import { DoorbellStore } from './store/doorbells.js';
import { SessionStore } from './store/sessions.js';
import { UserStore } from './store/users.js';
import { AlexaOfferSender } from './kvs/signaling.js';
import { EventStore } from './store/events.js';
import { SnapshotLinkStore } from './store/snapshot-links.js';
import { lazySnapshotBucket, type SnapshotBucket } from './snapshots/bucket.js';

export interface Runtime {
  config: SkillConfig;
  log: Log;
  now: () => number;
  doorbells: DoorbellStore;
  users: UserStore;
  sessions: SessionStore;
  lwa: LwaClient;
  profiles: ProfileResolver;
  tokens: AccessTokens;
  signaling: AlexaOfferSender;
  events: EventStore;
  snapshotLinks: SnapshotLinkStore;
  /** The snapshots bucket; its SDK is loaded on first use. */
  bucket: SnapshotBucket;
}

export function createRuntime(config: SkillConfig, opts: { log?: Log; now?: () => number } = {}): Runtime {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? createLogger();
  const doc = lazyDocumentClient(config);
  const users = new UserStore(doc, config.tables.users);
  const lwa = new LwaClient({ baseUrl: config.lwa.baseUrl, clientId: config.lwa.clientId, clientSecret: clientSecretProvider(config) });
  return {
    config,
    log,
    now,
    doorbells: new DoorbellStore(doc, config.tables.doorbells),
    users,
    sessions: new SessionStore(doc, config.tables.sessions),
    lwa,
    profiles: new ProfileResolver(lwa, now),
    tokens: new AccessTokens(users, lwa, now, log),
    signaling: new AlexaOfferSender(config),
    events: new EventStore(doc, config.tables.events),
    snapshotLinks: new SnapshotLinkStore(doc, config.tables.snapshotLinks),
    bucket: lazySnapshotBucket(config),
  };
}
