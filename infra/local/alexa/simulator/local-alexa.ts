/**
 * The local Alexa: what the Alexa service does for a smart-home skill, for the Echo Show
 * simulator's users. It links accounts (LWA authorization-code flow, then AcceptGrant, then
 * Discover), holds and refreshes the user's tokens, sends the RTC session directives and
 * ReportState to the skill's Lambda, and turns DoorbellPress events that reach the event gateway
 * into announcements for the users they belong to.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as directives from './directives.js';
import { authorizeAs, authorizeUrl, exchangeCode, profile, refresh, LwaOAuthError, type TokenSet } from './lwa-oauth.js';
import type { OAuthClient } from '../../lwa/clients.js';
import type { SkillClient, SkillResponse } from './skill-client.js';
import type { AlexaUserState, DiscoveredEndpoint, UserStore } from './user-store.js';

/** An ErrorResponse from the skill, or a failure Alexa would report the same way to the user. */
export class AlexaError extends Error {
  override name = 'AlexaError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DoorbellAnnouncement {
  user: string;
  endpointId: string;
  friendlyName: string;
  timestamp: string;
}

/** A motion ChangeReport the gateway accepted, for the users whose Alexa discovered that doorbell. */
export interface MotionAnnouncement {
  user: string;
  endpointId: string;
  detectionState: 'DETECTED' | 'NOT_DETECTED';
  timeOfSample: string;
}

/** The latest picture, as Alexa fetched it: GetSnapshot's URI, downloaded with the Bearer token. */
export interface FetchedSnapshot {
  uri: string;
  expireTime: string;
  contentType: string;
  bytes: Buffer;
}

export interface PublicUserState {
  user: string;
  email: string;
  linked: boolean;
  linkedEmail?: string;
  endpoints: DiscoveredEndpoint[];
}

/** The parts of the local LWA and event gateway the local Alexa uses. */
export interface AlexaDependencies {
  lwaEndpoint: string;
  /** LWA's code for the skill, which Alexa obtains on the user's behalf for AcceptGrant. */
  issueAuthorizationCode(email: string, redirectUri?: string, scope?: string): string;
  onGatewayEvent(listener: (e: { userId: string; body: unknown; status: number }) => void): void;
}

export interface LocalAlexaOptions {
  skill: SkillClient;
  store: UserStore;
  deps: AlexaDependencies;
  /** The client the skill's account linking is configured with (Alexa holds its secret). */
  client: OAuthClient;
  /** Where LWA sends the user back after consent (the local Alexa's callback route). */
  redirectUri: string;
  /** Refresh the access token when it expires within this (Alexa refreshes ahead of expiry). */
  refreshAheadMs?: number;
}

const LINK_STATE_TTL_MS = 10 * 60_000;

export class LocalAlexa {
  private readonly pendingLinks = new Map<string, { user: string; createdAt: number }>();
  private readonly sessions = new Map<string, { user: string; endpointId: string }>();
  private readonly refreshing = new Map<string, Promise<string>>();
  private readonly presses = new EventEmitter();

  constructor(private readonly opts: LocalAlexaOptions) {
    opts.deps.onGatewayEvent((e) => this.onGatewayEvent(e));
  }

  users(): PublicUserState[] {
    return this.opts.store.list().map(toPublic);
  }

  user(user: string): PublicUserState {
    return toPublic(this.state(user));
  }

  /** Step one of linking in a browser: the LWA authorize URL, with a state bound to this user. */
  beginLink(user: string): string {
    this.state(user);
    // Abandoned attempts (the sign-in tab closed) never come back: drop them once too old to complete.
    for (const [key, pending] of this.pendingLinks) if (Date.now() - pending.createdAt > LINK_STATE_TTL_MS) this.pendingLinks.delete(key);
    const state = randomBytes(16).toString('base64url');
    this.pendingLinks.set(state, { user, createdAt: Date.now() });
    return authorizeUrl(this.opts.deps.lwaEndpoint, this.opts.client, this.opts.redirectUri, state);
  }

  /** LWA redirected back with a code: finish the link as Alexa does. Returns the Alexa user. */
  async completeLink(state: string, code: string): Promise<PublicUserState> {
    const pending = this.pendingLinks.get(state);
    this.pendingLinks.delete(state);
    if (!pending || Date.now() - pending.createdAt > LINK_STATE_TTL_MS) {
      throw new AlexaError('INVALID_LINK_STATE', 'This account-linking attempt is unknown or too old; start linking again.');
    }
    return this.link(pending.user, code);
  }

  /** Linking without a browser: the same authorize request, the user taken to sign in at LWA and consent. */
  async linkDirect(user: string): Promise<PublicUserState> {
    const s = this.state(user);
    let back: { code?: string; state?: string; error?: string };
    try {
      back = await authorizeAs(this.beginLink(user), s.email);
    } catch (err) {
      throw new AlexaError('ACCOUNT_LINKING_FAILED', `Account linking failed: ${(err as Error).message}`);
    }
    if (back.error || !back.code || !back.state) {
      throw new AlexaError('ACCOUNT_LINKING_FAILED', `Login with Amazon refused the link (${back.error ?? 'no code'}).`);
    }
    return this.completeLink(back.state, back.code);
  }

  async unlink(user: string): Promise<PublicUserState> {
    const s = this.state(user);
    await this.opts.store.put({ user: s.user, email: s.email, endpoints: [] });
    return this.user(user);
  }

  async discover(user: string): Promise<PublicUserState> {
    const token = await this.accessToken(user);
    const response = await this.send(directives.discover(token));
    if (response.event.header.name !== 'Discover.Response') throw errorOf(response);
    const endpoints = ((response.event.payload.endpoints ?? []) as Record<string, unknown>[]).map(toDiscovered);
    await this.opts.store.put({ ...this.state(user), endpoints });
    return this.user(user);
  }

  /** "Alexa, show me the doorbell": the Echo Show's offer goes to the skill, its answer comes back. */
  async startSession(user: string, endpointId: string, offerSdp: string): Promise<{ sessionId: string; answer: string }> {
    this.endpoint(user, endpointId);
    const token = await this.accessToken(user);
    const sessionId = directives.newRtcSessionId();
    const response = await this.send(directives.initiateSessionWithOffer(token, endpointId, sessionId, offerSdp));
    if (response.event.header.name !== 'AnswerGeneratedForSession') throw errorOf(response);
    const answer = (response.event.payload.answer as { format?: string; value?: string } | undefined)?.value;
    if (typeof answer !== 'string' || answer.length === 0) throw new AlexaError('INTERNAL_ERROR', 'The skill answered without an SDP answer.');
    this.sessions.set(sessionId, { user, endpointId });
    return { sessionId, answer };
  }

  async sessionConnected(user: string, sessionId: string): Promise<void> {
    const session = this.session(user, sessionId);
    const token = await this.accessToken(user);
    const response = await this.send(directives.sessionConnected(token, session.endpointId, sessionId));
    if (response.event.header.name === 'ErrorResponse') throw errorOf(response);
  }

  async sessionDisconnected(user: string, sessionId: string): Promise<void> {
    const session = this.session(user, sessionId);
    this.sessions.delete(sessionId);
    const token = await this.accessToken(user);
    const response = await this.send(directives.sessionDisconnected(token, session.endpointId, sessionId));
    if (response.event.header.name === 'ErrorResponse') throw errorOf(response);
  }

  async reportState(user: string, endpointId: string): Promise<{ connectivity: string; detectionState: string }> {
    this.endpoint(user, endpointId);
    const token = await this.accessToken(user);
    const response = await this.send(directives.reportState(token, endpointId));
    if (response.event.header.name !== 'StateReport') throw errorOf(response);
    const health = response.context?.properties?.find((p) => p.namespace === 'Alexa.EndpointHealth' && p.name === 'connectivity');
    const motion = response.context?.properties?.find((p) => p.namespace === 'Alexa.MotionSensor' && p.name === 'detectionState');
    const value = health?.value as { value?: string } | undefined;
    return { connectivity: value?.value ?? 'UNKNOWN', detectionState: typeof motion?.value === 'string' ? motion.value : 'UNKNOWN' };
  }

  /**
   * The camera's latest picture as the Alexa app gets it: GetSnapshot, then a GET of its URI with
   * the user's Bearer token and `Accept: image/jpeg, image/png`, no redirect followed (Alexa follows none).
   */
  async snapshot(user: string, endpointId: string): Promise<FetchedSnapshot> {
    const response = await this.getSnapshot(user, endpointId);
    if (response.event.header.name !== 'Snapshot') throw errorOf(response);
    const { uri } = response.event.payload as { uri: { value: string; expireTime: string } };
    const answer = await this.downloadSnapshot(user, uri.value);
    if (answer.status !== 200) throw new AlexaError('SNAPSHOT_FAILED', `The snapshot URI answered HTTP ${answer.status}.`);
    if (!/^image\/(jpeg|png)$/.test(answer.contentType)) throw new AlexaError('SNAPSHOT_FAILED', `The snapshot URI answered ${answer.contentType}, not an image.`);
    return { uri: uri.value, expireTime: uri.expireTime, contentType: answer.contentType, bytes: answer.bytes };
  }

  /** The skill's whole answer to GetSnapshot (a Snapshot or an ErrorResponse), as Alexa receives it. */
  async getSnapshot(user: string, endpointId: string): Promise<SkillResponse> {
    this.endpoint(user, endpointId);
    const token = await this.accessToken(user);
    return this.send(directives.getSnapshot(token, endpointId));
  }

  /** A GET of a snapshot URI as Alexa sends it (the user's Bearer token, no redirect followed): what it answered. */
  async downloadSnapshot(user: string, uri: string): Promise<{ status: number; contentType: string; bytes: Buffer }> {
    const token = await this.accessToken(user);
    let answer: Response;
    try {
      answer = await fetch(uri, { headers: { authorization: `Bearer ${token}`, accept: 'image/jpeg, image/png' }, redirect: 'manual' });
    } catch (err) {
      throw new AlexaError('SNAPSHOT_FAILED', `The snapshot URI could not be fetched: ${(err as Error).message}`);
    }
    // image/png is the interface's default when the URI names no type.
    return { status: answer.status, contentType: answer.headers.get('content-type') ?? 'image/png', bytes: Buffer.from(await answer.arrayBuffer()) };
  }

  /** Motion ChangeReports the gateway accepted for this user's doorbells; returns the unsubscribe function. */
  onMotion(user: string, listener: (m: MotionAnnouncement) => void): () => void {
    const wrapped = (m: MotionAnnouncement): void => {
      if (m.user === user) listener(m);
    };
    this.presses.on('motion', wrapped);
    return () => this.presses.off('motion', wrapped);
  }

  /** Doorbell presses announced to this user; returns the unsubscribe function. */
  onAnnouncement(user: string, listener: (a: DoorbellAnnouncement) => void): () => void {
    const wrapped = (a: DoorbellAnnouncement): void => {
      if (a.user === user) listener(a);
    };
    this.presses.on('press', wrapped);
    return () => this.presses.off('press', wrapped);
  }

  private async link(user: string, code: string): Promise<PublicUserState> {
    const { lwaEndpoint, issueAuthorizationCode } = this.opts.deps;
    let tokens: TokenSet;
    let who: { userId: string; email: string };
    try {
      tokens = await exchangeCode(lwaEndpoint, this.opts.client, code, this.opts.redirectUri);
      who = await profile(lwaEndpoint, tokens.accessToken);
    } catch (err) {
      throw new AlexaError('ACCOUNT_LINKING_FAILED', `Account linking failed: ${(err as Error).message}`);
    }
    // AcceptGrant: a fresh code for the skill to get its own tokens for events, with the linked user's token as grantee.
    const grantCode = issueAuthorizationCode(who.email, undefined, 'alexa::async_event:write');
    const granted = await this.send(directives.acceptGrant(grantCode, tokens.accessToken));
    if (granted.event.header.name !== 'AcceptGrant.Response') throw errorOf(granted);
    const s = this.state(user);
    await this.opts.store.put({
      ...s,
      link: { ...tokens, lwaUserId: who.userId, lwaEmail: who.email, linkedAt: Date.now() },
      endpoints: [],
    });
    return this.discover(user);
  }

  /** The user's access token, refreshed ahead of expiry; concurrent callers share one refresh. */
  private async accessToken(user: string): Promise<string> {
    const s = this.state(user);
    if (!s.link) throw new AlexaError('NOT_LINKED', 'The doorbell skill is not linked for this account: link it first.');
    if (s.link.expiresAt - Date.now() > (this.opts.refreshAheadMs ?? 60_000)) return s.link.accessToken;
    const running = this.refreshing.get(user);
    if (running) return running;
    const link = s.link;
    const job = refresh(this.opts.deps.lwaEndpoint, this.opts.client, link.refreshToken)
      .then(async (tokens) => {
        await this.opts.store.put({ ...this.state(user), link: { ...link, ...tokens } });
        return tokens.accessToken;
      })
      .catch(async (err: unknown) => {
        if (err instanceof LwaOAuthError && err.code === 'invalid_grant') {
          await this.opts.store.put({ ...this.state(user), link: undefined, endpoints: [] });
          throw new AlexaError('LINK_EXPIRED', 'The account link has expired: link the doorbell skill again.');
        }
        throw new AlexaError('LWA_UNAVAILABLE', `Could not refresh the account link: ${(err as Error).message}`);
      })
      .finally(() => this.refreshing.delete(user));
    this.refreshing.set(user, job);
    return job;
  }

  private async send(directive: directives.Directive): Promise<SkillResponse> {
    try {
      return await this.opts.skill.send(directive);
    } catch (err) {
      throw new AlexaError('SKILL_FAILED', `The skill did not answer properly: ${(err as Error).message}`);
    }
  }

  private onGatewayEvent(e: { userId: string; body: unknown; status: number }): void {
    if (e.status !== 202) return;
    type Property = { namespace?: string; name?: string; value?: unknown; timeOfSample?: string };
    const event = (
      e.body as {
        event?: { header?: { namespace?: string; name?: string }; endpoint?: { endpointId?: string }; payload?: { timestamp?: string; change?: { properties?: Property[] } } };
      }
    )?.event;
    const endpointId = event?.endpoint?.endpointId;
    if (!endpointId) return;
    if (event?.header?.namespace === 'Alexa' && event.header.name === 'ChangeReport') {
      const motion = event.payload?.change?.properties?.find((p) => p.namespace === 'Alexa.MotionSensor' && p.name === 'detectionState');
      if (motion && (motion.value === 'DETECTED' || motion.value === 'NOT_DETECTED')) {
        for (const s of this.discoverers(e.userId, endpointId)) {
          this.presses.emit('motion', { user: s.user, endpointId, detectionState: motion.value, timeOfSample: motion.timeOfSample ?? new Date().toISOString() } satisfies MotionAnnouncement);
        }
      }
      return;
    }
    if (event?.header?.namespace !== 'Alexa.DoorbellEventSource' || event.header.name !== 'DoorbellPress') return;
    for (const s of this.opts.store.list()) {
      if (s.link?.lwaUserId !== e.userId) continue;
      const found = s.endpoints.find((d) => d.endpointId === endpointId);
      // Alexa announces only doorbells it discovered for that user.
      if (!found) continue;
      this.presses.emit('press', {
        user: s.user,
        endpointId,
        friendlyName: found.friendlyName,
        timestamp: event.payload?.timestamp ?? new Date().toISOString(),
      } satisfies DoorbellAnnouncement);
    }
  }

  /** The users whose link belongs to this Amazon user and who discovered this doorbell: Alexa tells only them. */
  private discoverers(lwaUserId: string, endpointId: string): AlexaUserState[] {
    return this.opts.store.list().filter((s) => s.link?.lwaUserId === lwaUserId && s.endpoints.some((d) => d.endpointId === endpointId));
  }

  private state(user: string): AlexaUserState {
    const s = this.opts.store.get(user);
    if (!s) throw new AlexaError('NO_SUCH_USER', `There is no Alexa user "${user}" on this Echo Show.`);
    return s;
  }

  private endpoint(user: string, endpointId: string): DiscoveredEndpoint {
    const found = this.state(user).endpoints.find((e) => e.endpointId === endpointId);
    if (!found) throw new AlexaError('NO_SUCH_ENDPOINT', `"${endpointId}" is not one of this account's discovered devices.`);
    return found;
  }

  private session(user: string, sessionId: string): { user: string; endpointId: string } {
    const session = this.sessions.get(sessionId);
    if (!session || session.user !== user) throw new AlexaError('NO_SUCH_SESSION', 'There is no such session.');
    return session;
  }
}

function toPublic(s: AlexaUserState): PublicUserState {
  return {
    user: s.user,
    email: s.email,
    linked: Boolean(s.link),
    ...(s.link ? { linkedEmail: s.link.lwaEmail } : {}),
    endpoints: s.endpoints,
  };
}

function toDiscovered(e: Record<string, unknown>): DiscoveredEndpoint {
  const capabilities = Array.isArray(e.capabilities) ? (e.capabilities as { interface?: string }[]) : [];
  return {
    endpointId: String(e.endpointId),
    friendlyName: String(e.friendlyName ?? e.endpointId),
    ...(typeof e.description === 'string' ? { description: e.description } : {}),
    ...(typeof e.manufacturerName === 'string' ? { manufacturerName: e.manufacturerName } : {}),
    displayCategories: Array.isArray(e.displayCategories) ? e.displayCategories.map(String) : [],
    interfaces: capabilities.map((c) => String(c.interface)),
  };
}

function errorOf(response: SkillResponse): AlexaError {
  const { header, payload } = response.event;
  if (header.name === 'ErrorResponse') {
    return new AlexaError(String(payload.type ?? 'INTERNAL_ERROR'), String(payload.message ?? 'The skill reported an error.'));
  }
  return new AlexaError('UNEXPECTED_RESPONSE', `The skill answered ${header.namespace}.${header.name}.`);
}
