import type { ServerResponse } from 'node:http';
import { sleep } from '../../shared/http.js';
import type { GrantStore } from './grants.js';
import type { LocalUser } from './users.js';

export type LwaEndpoint = 'authorize' | 'token' | 'profile';

export interface LwaFault {
  /** Answer 503 temporarily_unavailable. */
  down?: boolean;
  /** Wait this long before handling each request. */
  delayMs?: number;
  /** Limit the fault to these endpoints; default all. */
  only?: LwaEndpoint[];
}

/**
 * How a test steers and watches the local LWA, apart from what it emulates: faults, request
 * counts, and what a user or time would do to their tokens. No product path uses it.
 */
export interface LwaControl {
  setFault(f: LwaFault | undefined): void;
  /** Requests received per kind, whatever their outcome (faulted ones included). */
  counters(): { authorizationCode: number; refreshToken: number; profile: number };
  /** Invalidates that user's grants and tokens: the skill must be linked again. */
  revokeUser(email: string): void;
  /** Makes the current access tokens (of one user, or all) expire now; refresh tokens still work. */
  expireAccessTokens(email?: string): void;
}

export type OAuthErrorSender = (res: ServerResponse, status: number, error: string, description: string) => void;

/** The control, and what the server consults on every request. */
export function lwaControl(deps: { store: GrantStore; userByEmail: (email: string) => LocalUser; oauthError: OAuthErrorSender }): {
  control: LwaControl;
  count(kind: keyof ReturnType<LwaControl['counters']>): void;
  /** Applies the fault set for `endpoint`; true when the request was answered (or dropped) by it. */
  applyFault(endpoint: LwaEndpoint, res: ServerResponse): Promise<boolean>;
} {
  let fault: LwaFault | undefined;
  const counts = { authorizationCode: 0, refreshToken: 0, profile: 0 };
  return {
    control: {
      setFault(f) {
        fault = f;
      },
      counters: () => ({ ...counts }),
      revokeUser(email) {
        deps.store.revokeUser(deps.userByEmail(email).userId);
      },
      expireAccessTokens(email) {
        deps.store.expireAccessTokens(email === undefined ? undefined : deps.userByEmail(email).userId);
      },
    },
    count(kind) {
      counts[kind]++;
    },
    async applyFault(endpoint, res) {
      const f = fault;
      if (!f || (f.only && !f.only.includes(endpoint))) return false;
      if (f.delayMs) await sleep(f.delayMs);
      if (!f.down) return false;
      deps.oauthError(res, 503, 'temporarily_unavailable', 'The service is temporarily unavailable.');
      return true;
    },
  };
}
