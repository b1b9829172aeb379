/**
 * Bearer token -> Amazon user. Every directive carries the user's LWA access token; LWA's profile
 * endpoint says whose it is. Answers are cached by the token's SHA-256 (never the token itself)
 * for a short time, so a warm Lambda resolves a repeat caller without a network call. A token that
 * resolved before and is refused now has expired: that is how EXPIRED_AUTHORIZATION_CREDENTIAL is
 * told from INVALID_AUTHORIZATION_CREDENTIAL when LWA's answer does not say.
 */
import { createHash } from 'node:crypto';
import { AlexaError } from '../alexa/errors.js';
import { LwaError, type AmazonProfile, type LwaClient } from '../lwa/client.js';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;

export class ProfileResolver {
  /** Entries past `until` are kept (until evicted) as "this token was valid once". */
  private readonly cache = new Map<string, { profile: AmazonProfile; until: number }>();

  constructor(
    private readonly lwa: LwaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token's owner; throws AlexaError INVALID_/EXPIRED_AUTHORIZATION_CREDENTIAL or INTERNAL_ERROR. */
  async resolve(token: string, signal?: AbortSignal): Promise<AmazonProfile> {
    const key = createHash('sha256').update(token).digest('hex');
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && hit.until > now) return hit.profile;
    let profile: AmazonProfile;
    try {
      profile = await this.lwa.profile(token, signal);
    } catch (err) {
      if (err instanceof LwaError && (err.kind === 'EXPIRED' || (err.kind === 'REFUSED' && hit)))
        throw new AlexaError('EXPIRED_AUTHORIZATION_CREDENTIAL', 'The access token has expired.');
      if (err instanceof LwaError && err.kind === 'REFUSED')
        throw new AlexaError('INVALID_AUTHORIZATION_CREDENTIAL', 'The access token is not valid.');
      throw new AlexaError('INTERNAL_ERROR', 'Could not verify the access token with Login with Amazon.');
    }
    this.cache.delete(key);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { profile, until: now + TTL_MS });
    return profile;
  }
}
