/**
 * The access API's routes (contracts/access-api/), one small handler each: the body schema it is
 * validated with, whether it needs the owner's setup token, and what it does. A handler gets the
 * parsed body and, for the owner's routes, the sign-in it belongs to; it returns the 200 body or
 * throws an AccessApiFailure.
 */
import * as z from 'zod/mini';
import {
  CreateDeviceRequestSchema,
  CredentialsRequestSchema,
  EnrollRequestSchema,
  RevokeDeviceRequestSchema,
  SignInRequestSchema,
} from '../../contracts/access-api/bodies.js';
import { ACCESS_API_ROUTES, type AccessApiRoute } from '../../contracts/access-api/routes.js';
import type { SessionItem } from '../store/setup.js';
import type { AccessContext } from './context.js';
import { enrollDevice, enrollWithCode, ownedDoorbell, revokeByOwner } from './enrollment.js';
import { exchangeGrant } from './exchange.js';
import { setupView, signIn } from './setup-session.js';

export interface AccessRoute<S extends z.ZodMiniType = z.ZodMiniType> {
  body: S;
  /** Whether it needs `authorization: Bearer <setupToken>`. */
  setupToken: boolean;
  handle(ctx: AccessContext, body: z.infer<S>, session: SessionItem | undefined): Promise<unknown>;
}

const route = <S extends z.ZodMiniType>(name: AccessApiRoute, body: S, handle: AccessRoute<S>['handle']): AccessRoute<S> => ({ body, setupToken: ACCESS_API_ROUTES[name].setupToken, handle });

const owner = (session: SessionItem | undefined): SessionItem => session!;

export const ROUTES: { readonly [R in AccessApiRoute]: AccessRoute } = {
  signIn: route('signIn', SignInRequestSchema, (ctx, body) => signIn(ctx, body)),
  doorbells: route('doorbells', z.object({}), (ctx, _body, session) => setupView(ctx, owner(session))),
  createDevice: route('createDevice', CreateDeviceRequestSchema, async (ctx, body, session) => {
    const doorbell = await ownedDoorbell(ctx, body.endpointId, owner(session).email);
    return enrollDevice(ctx, doorbell, body.role, body.label);
  }),
  revokeDevice: route('revokeDevice', RevokeDeviceRequestSchema, async (ctx, body, session) => ({ device: await revokeByOwner(ctx, body.deviceId, owner(session).email) })),
  enroll: route('enroll', EnrollRequestSchema, (ctx, body) => enrollWithCode(ctx, body.enrollmentCode, body.label)),
  credentials: route('credentials', CredentialsRequestSchema, (ctx, body) => exchangeGrant(ctx, body.grant)),
};
