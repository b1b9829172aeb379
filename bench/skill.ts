/**
 * The skill in the benchmark's process, against a world from presets.bench: one warm runtime (a
 * Lambda's worth of caches and clients) and its directive handler, account-linking tokens redeemed
 * with the skill's own LWA client, and doorbells marked online as their camera's heartbeat would.
 */
import { readConfig } from '../lambda/config.js';
import { createLogger } from '../lambda/log.js';
import { LwaClient } from '../lambda/lwa/client.js';
import { createDirectiveHandler, type DirectiveHandler } from '../lambda/router.js';
import { createRuntime } from '../lambda/runtime.js';
import type { BenchWorld } from '../infra/local/world/index.js';
import { skillLog } from './skill-log.js';

/** The local user whose doorbells the benchmark rings (infra/local/lwa/users.ts). */
export const ALICE = 'alice@example.com';

export interface InProcessSkill {
  /** The skill's environment in this world (for fresh processes: the cold start). */
  env: Record<string, string>;
  handle: DirectiveHandler;
  tokenFor(email: string): Promise<string>;
  /** Records these doorbells as online, seen now. */
  markOnline(endpointIds: string[]): Promise<void>;
}

export function inProcessSkill(world: BenchWorld): InProcessSkill {
  skillLog();
  const env = world.skillEnv;
  const { lwa } = world;
  const linking = new LwaClient({ baseUrl: lwa.endpoint, clientId: lwa.client.clientId, clientSecret: async () => lwa.client.clientSecret });
  return {
    env,
    handle: createDirectiveHandler(createRuntime(readConfig(env), { log: createLogger() })),
    tokenFor: async (email) => (await linking.exchangeCode(lwa.issueAuthorizationCode(email))).accessToken,
    markOnline: (endpointIds) => world.dynamodb.putDoorbells(endpointIds.map((id) => ({ ...world.doorbells.get(id)!, online: true, lastSeenAt: Date.now() }))),
  };
}
