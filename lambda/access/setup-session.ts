/**
 * The owner's side of setup: signing in (Login with Amazon's code and PKCE verifier redeemed with
 * the setup client; the profile's email is all that is kept, the Amazon tokens are dropped here),
 * the setup token that stands for the sign-in for 15 minutes (only its hash is stored), and what
 * the owner sees: the doorbells the email owns (Discovery's rule) with their devices.
 */
import type { SetupView, SignInRequest, SignInResponse } from '../../contracts/access-api/bodies.js';
import { SETUP_SESSION_SECONDS } from '../../contracts/access-api/routes.js';
import { hashSecret, newSecret } from '../../contracts/secrets.js';
import { LwaError } from '../lwa/client.js';
import { maskEmail } from '../log.js';
import type { SessionItem } from '../store/setup.js';
import type { AccessContext } from './context.js';
import { AccessApiFailure } from './failure.js';
import { deviceSummary } from './grants.js';

const SETUP_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const seconds = (ms: number) => Math.floor(ms / 1000);

export async function signIn(ctx: AccessContext, request: SignInRequest): Promise<SignInResponse> {
  const { runtime } = ctx;
  if (!runtime.config.setupClientId) {
    runtime.log.error('sign-in is not configured (SETUP_CLIENT_ID is empty)');
    throw new AccessApiFailure('INTERNAL_ERROR', 'Signing in is not configured on this doorbell service.');
  }
  let email: string;
  try {
    const tokens = await ctx.signIn.exchangePkceCode(request.code, request.codeVerifier, request.redirectUri);
    // The access token is used once, for the email, and goes out of scope here: never stored, never returned.
    email = (await ctx.signIn.profile(tokens.accessToken)).email;
  } catch (err) {
    if (err instanceof LwaError && err.kind !== 'UNAVAILABLE') {
      runtime.log.warn('sign-in refused by Login with Amazon', { code: err.code, status: err.status });
      throw new AccessApiFailure('SIGN_IN_FAILED', 'Login with Amazon did not accept the sign-in: sign in again.');
    }
    throw new AccessApiFailure('INTERNAL_ERROR', 'Login with Amazon did not answer; try again.');
  }
  const setupToken = newSecret(32);
  const expiresAt = seconds(runtime.now()) + SETUP_SESSION_SECONDS;
  await ctx.setup.putSession({ tokenHash: await hashSecret(setupToken), email, expiresAt });
  const view = await setupView(ctx, { email, expiresAt });
  if (view.doorbells.length === 0) runtime.log.warn('signed in, but no doorbell is owned by this email', { email: maskEmail(email) });
  return { ...view, setupToken };
}

/** The sign-in a setup token stands for; SETUP_EXPIRED when there is none (missing, unknown, expired). */
export async function requireSession(ctx: AccessContext, bearer: string | undefined): Promise<SessionItem> {
  const expired = new AccessApiFailure('SETUP_EXPIRED', 'The sign-in has expired: sign in again.');
  if (!bearer || !SETUP_TOKEN.test(bearer)) throw expired;
  const session = await ctx.setup.getSession(await hashSecret(bearer), seconds(ctx.runtime.now()));
  if (!session) throw expired;
  return session;
}

/** The doorbells `email` owns, each with every device enrolled for it. */
export async function setupView(ctx: AccessContext, session: Pick<SessionItem, 'email' | 'expiresAt'>): Promise<SetupView> {
  const owned = await ctx.runtime.doorbells.listByOwner(session.email);
  const doorbells = await Promise.all(
    owned.map(async (d) => ({ endpointId: d.endpointId, name: d.name, devices: (await ctx.devices.listByEndpoint(d.endpointId)).map(deviceSummary) })),
  );
  return { email: session.email, expiresAt: new Date(session.expiresAt * 1000).toISOString(), doorbells };
}
