import type { ChannelStore, StoredChannel } from './channel-store.js';
import { mayUseChannel, type CredentialGrant } from './credentials.js';
import { clientLimitExceeded, resourceNotFound, type AwsError } from './errors.js';
import type { RateLimiter } from './rate-limits.js';

/** What every API handler is given about the emulator. */
export interface ApiDeps {
  store: ChannelStore;
  limiter: RateLimiter;
  region: string;
  accountId: string;
  /** Base URL of this emulator as callers reach it, e.g. `http://127.0.0.1:8081`. */
  endpoint: () => string;
}

/** One request's caller. */
export interface RequestContext {
  grant: CredentialGrant;
  signal: AbortSignal;
}

export type Handler = (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown> | unknown;

/**
 * Looks a channel up by ARN for an action: refuses callers not allowed on it (with the
 * service's own authorization error), unknown channels, and calls over the per-channel quota.
 */
export function channelFor(
  deps: ApiDeps,
  ctx: RequestContext,
  action: string,
  arn: string,
  denied: (message: string) => AwsError,
): StoredChannel {
  if (!mayUseChannel(ctx.grant, arn)) {
    throw denied(`User is not authorized to perform: kinesisvideo:${action} on resource: ${arn}`);
  }
  const channel = deps.store.byArn(arn);
  if (!channel) throw resourceNotFound(`The requested channel is not found or not active.`);
  if (!deps.limiter.channel(arn, action)) {
    throw clientLimitExceeded(`${action} rate exceeded for channel ${channel.name}`);
  }
  return channel;
}
