import type { CredentialsResponse, PageCredentials, RevokedReason } from '../../contracts/access-api/bodies.js';
import { DEFAULT_CREDENTIALS_RENEW_AT } from '../../contracts/site-config.js';
import { backoffDelay, type BackoffOptions } from '../signaling/backoff.js';
import { AccessApiCallError } from './access-api-client.js';
import type { GrantRecord, GrantStore } from './grant-store.js';

/** What made the keeper renew: its schedule, or an event that says the credentials may be stale. */
export type RenewReason = 'first' | 'schedule' | 'visible' | 'online' | 'wake' | 'refused' | 'expired';

export type KeeperState =
  | { kind: 'starting' }
  | { kind: 'valid'; expiresAt: number; renewAt: number; renewals: number }
  | { kind: 'renewing'; why: RenewReason; expiresAt?: number }
  | { kind: 'retrying'; message: string; unreachable: boolean; retryInMs: number; attempt: number; expiresAt?: number }
  | { kind: 'stopped'; why: 'revoked' | 'invalid' | 'replaced' | 'stopped'; reason?: RevokedReason; message: string };

export type StoppedState = Extract<KeeperState, { kind: 'stopped' }>;

/** The credentials as the AWS SDK's clients and the signers take them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface KeeperClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CredentialKeeperOptions {
  store: GrantStore;
  /** The access API's credentials exchange. */
  exchange(grant: string): Promise<CredentialsResponse>;
  /** `navigator.locks`: one renewal at a time per device across this origin's tabs. */
  locks?: Pick<LockManager, 'request'>;
  /** Renew when this fraction of the lifetime has passed (default 2/3). */
  renewAt?: number;
  /** Retries after a failed exchange (default 1 s doubling to 30 s, jittered). */
  backoff?: BackoffOptions;
  clock?: KeeperClock;
  onState?(state: KeeperState): void;
}

export class KeeperStopped extends Error {
  override name = 'KeeperStopped';
  constructor(readonly state: StoppedState) {
    super(state.message);
  }
}

const systemClock: KeeperClock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/** Never renew sooner than this after an exchange, whatever the lifetime says. */
const MIN_RENEW_DELAY_MS = 1_000;
/** A lifetime read off a clock this wrong is not believed beyond these bounds. */
const LIFETIME_BOUNDS_MS = [1_000, 3_600_000] as const;

export const lockNameOf = (deviceId: string): string => `alexa-video-doorbell-grant:${deviceId}`;

/**
 * Keeps a page's credentials valid for as long as it runs: exchanges the device grant at the
 * access API, writes the rotated grant before the new credentials are used, renews at `renewAt` of
 * the lifetime and whenever the page says they may be stale (visible again, online again, awake
 * again, refused), backs off while the service is unreachable, and stops for good when the device
 * is revoked. Renewals never touch what uses the credentials: SDK clients and signers ask
 * `credentials()` each time they sign, so a live session is never dropped for a renewal.
 *
 * Only one renewal at a time per device on this origin (Web Locks): inside the lock the newest
 * grant is read from the store, so two tabs of the same device never present a grant the other
 * has already rotated (which would revoke the device as a reused grant).
 */
export class CredentialKeeper {
  private answer: CredentialsResponse | undefined;
  private obtainedAt = 0;
  private lifetimeMs = 0;
  private timer: unknown;
  private inflight: Promise<void> | undefined;
  private attempt = 0;
  private renewalsDone = 0;
  private current: KeeperState = { kind: 'starting' };
  private readonly listeners = new Set<(answer: CredentialsResponse) => void>();
  private readonly clock: KeeperClock;
  private first: { promise: Promise<CredentialsResponse>; resolve(a: CredentialsResponse): void; reject(e: Error): void };

  constructor(
    private record: GrantRecord,
    private readonly options: CredentialKeeperOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    let resolve!: (a: CredentialsResponse) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<CredentialsResponse>((res, rej) => ((resolve = res), (reject = rej)));
    // A page that never awaits start() must not see an unhandled rejection when the device is revoked.
    promise.catch(() => undefined);
    this.first = { promise, resolve, reject };
  }

  /** The first exchange: resolves with its answer, rejects with KeeperStopped when the device cannot get any. */
  start(): Promise<CredentialsResponse> {
    void this.renew('first');
    return this.first.promise;
  }

  get state(): KeeperState {
    return this.current;
  }

  /** Successful exchanges after the first. */
  get renewals(): number {
    return this.renewalsDone;
  }

  get deviceId(): string {
    return this.record.deviceId;
  }

  /** The newest exchange's answer (doorbell, device, credentials), once there is one. */
  get latest(): CredentialsResponse | undefined {
    return this.answer;
  }

  /** Called after every successful exchange (the first too), once its grant is stored. */
  onRenewed(listener: (answer: CredentialsResponse) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For every signer and SDK client, at each use: the current credentials, renewed first when
   * they are about to expire (unless the keeper is backing off from an outage: then the caller
   * gets what there is and its call fails, and its own retry comes back later).
   */
  async credentials(): Promise<AwsCredentials> {
    if ((!this.answer || this.expiringSoon()) && this.current.kind !== 'retrying' && this.current.kind !== 'stopped') await this.renew('expired');
    const c: PageCredentials | undefined = this.answer?.credentials;
    if (!c) throw new Error(this.current.kind === 'stopped' ? this.current.message : 'This page has no credentials yet.');
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: new Date(Date.parse(c.expiration)) };
  }

  /**
   * The page says the credentials may be stale: it became visible (a hidden tab's timers are
   * throttled), the network came back, it woke from sleep, or a service refused them. Renews at
   * once, ending a backoff wait; credentials younger than a tenth of their lifetime are kept, so
   * switching tabs back and forth does not hammer the access API.
   */
  renewNow(why: Exclude<RenewReason, 'first' | 'schedule' | 'expired'>): void {
    if (this.current.kind === 'stopped' || this.current.kind === 'starting' || this.inflight) return;
    const age = this.clock.now() - this.obtainedAt;
    if (this.current.kind === 'valid' && age < Math.min(60_000, this.lifetimeMs / 10)) return;
    void this.renew(why);
  }

  /** The page is going away: no more renewals. */
  stop(): void {
    this.halt({ kind: 'stopped', why: 'stopped', message: 'This page has stopped.' });
  }

  private expiringSoon(): boolean {
    if (!this.answer) return true;
    // Timed from when they were obtained, by this page's clock: right however wrong the clock's time of day is.
    const left = this.obtainedAt + this.lifetimeMs - this.clock.now();
    return left <= Math.min(5_000, this.lifetimeMs / 4);
  }

  private setState(state: KeeperState): void {
    this.current = state;
    this.options.onState?.(state);
  }

  private expiresAt(): number | undefined {
    return this.answer ? Date.parse(this.answer.credentials.expiration) : undefined;
  }

  private renew(why: RenewReason): Promise<void> {
    if (this.current.kind === 'stopped') return Promise.resolve();
    this.inflight ??= this.exchangeOnce(why);
    return this.inflight;
  }

  private async exchangeOnce(why: RenewReason): Promise<void> {
    this.clock.clearTimeout(this.timer);
    const expiresAt = this.expiresAt();
    this.setState({ kind: 'renewing', why, ...(expiresAt !== undefined ? { expiresAt } : {}) });
    let answer: CredentialsResponse;
    try {
      answer = await this.withLock(() => this.rotate());
    } catch (error) {
      this.inflight = undefined;
      this.failed(error);
      return;
    }
    // Cleared before anyone hears of the answer: a caller that then finds the credentials stale starts a new renewal.
    this.inflight = undefined;
    if (this.current.kind === 'stopped') return;
    this.adopt(answer);
  }

  /** Inside the lock: present the newest stored grant, store the rotated one, and only then hand the answer out. */
  private async rotate(): Promise<CredentialsResponse> {
    const stored = await this.options.store.get(this.record.role);
    if (stored && stored.deviceId !== this.record.deviceId) throw new Replaced();
    const answer = await this.options.exchange(stored?.grant ?? this.record.grant);
    const next: GrantRecord = { ...this.record, grant: answer.grant, doorbellName: answer.doorbell.name, label: answer.device.label, savedAt: this.clock.now() };
    await this.options.store.put(next);
    this.record = next;
    return answer;
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = this.options.locks;
    return locks ? (locks.request(lockNameOf(this.record.deviceId), fn) as Promise<T>) : fn();
  }

  private adopt(answer: CredentialsResponse): void {
    const now = this.clock.now();
    const firstOne = !this.answer;
    this.answer = answer;
    this.obtainedAt = now;
    this.attempt = 0;
    if (!firstOne) this.renewalsDone += 1;
    const expiresAt = Date.parse(answer.credentials.expiration);
    // The service says how long they last; `expiration` minus this page's clock is only a fallback
    // (a clock 15 minutes fast would read a 15-minute lifetime as none, and renew every second).
    const lifetime = answer.credentials.lifetimeSeconds !== undefined ? answer.credentials.lifetimeSeconds * 1000 : expiresAt - now;
    this.lifetimeMs = Math.min(LIFETIME_BOUNDS_MS[1], Math.max(LIFETIME_BOUNDS_MS[0], lifetime));
    const delay = Math.max(MIN_RENEW_DELAY_MS, this.lifetimeMs * (this.options.renewAt ?? DEFAULT_CREDENTIALS_RENEW_AT));
    this.timer = this.clock.setTimeout(() => void this.renew('schedule'), delay);
    this.setState({ kind: 'valid', expiresAt, renewAt: now + delay, renewals: this.renewalsDone });
    if (firstOne) this.first.resolve(answer);
    for (const listener of this.listeners) listener(answer);
  }

  private failed(error: unknown): void {
    if (this.current.kind === 'stopped') return;
    if (error instanceof Replaced) {
      return this.halt({ kind: 'stopped', why: 'replaced', message: `This browser was set up again as another ${this.record.role} (in another tab or window), so this page has stopped. Reload it to run as the new one.` });
    }
    if (error instanceof AccessApiCallError && !error.transient) {
      if (error.code === 'GRANT_REVOKED') return this.halt({ kind: 'stopped', why: 'revoked', ...(error.reason ? { reason: error.reason } : {}), message: revokedMessage(error.reason) });
      return this.halt({ kind: 'stopped', why: 'invalid', message: `This device's setup is no longer valid (${error.message}).` });
    }
    // The service is unreachable or failed, or this browser could not store the grant: try again later.
    const retryInMs = backoffDelay(this.attempt, { initialMs: 1_000, maxMs: 30_000, ...this.options.backoff });
    this.attempt += 1;
    const message = error instanceof AccessApiCallError ? error.message : `This browser could not keep the device's grant (${error instanceof Error ? error.message : String(error)}).`;
    const expiresAt = this.expiresAt();
    this.setState({ kind: 'retrying', message, unreachable: error instanceof AccessApiCallError && error.unreachable, retryInMs, attempt: this.attempt, ...(expiresAt !== undefined ? { expiresAt } : {}) });
    this.timer = this.clock.setTimeout(() => void this.renew('schedule'), retryInMs);
  }

  private halt(state: StoppedState): void {
    this.clock.clearTimeout(this.timer);
    this.setState(state);
    this.first.reject(new KeeperStopped(state));
  }
}

class Replaced extends Error {}

export function revokedMessage(reason: RevokedReason | undefined): string {
  if (reason === 'REUSED') return 'This device was revoked because an old copy of its grant was used (a copied browser profile, or someone else holding it), so it has stopped.';
  if (reason === 'OWNER') return 'This device was revoked by its owner on the setup page, so it has stopped.';
  return 'This device was revoked, so it has stopped.';
}
