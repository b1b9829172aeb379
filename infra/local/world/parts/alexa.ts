/**
 * The local Alexa (infra/local/alexa/simulator/): it links the world's LWA users through the
 * skill's OAuth client, calls the skill through the Lambda Invoke API as Alexa does, and turns the
 * event gateway's doorbell presses into announcements. Its routes are served by the web server.
 */
import { startLocalAlexa, type LocalAlexa } from '../../alexa/simulator/index.js';
import type { LocalUser } from '../../lwa/index.js';
import type { Part } from '../types.js';

export type AlexaOptions = Record<string, never>;
export type AlexaHandle = LocalAlexa;

/** The Echo Show's Alexa accounts: one per local LWA user, named by the email's local part. */
export function alexaUsersOf(users: readonly LocalUser[]): { user: string; email: string }[] {
  return users.map((u) => ({ user: u.email.split('@')[0]!, email: u.email.toLowerCase() }));
}

export const alexaPart: Part<'alexa', 'lambda' | 'lwa' | 'gateway' | 'web'> = {
  needs: ['lambda', 'lwa', 'gateway', 'web'],
  async start(_options, { lambda, lwa, gateway, web }, ctx) {
    const { region, credentials } = ctx.account;
    const { alexa, close } = await startLocalAlexa({
      users: alexaUsersOf(lwa.users),
      dataDir: ctx.dataPath('alexa'),
      lambda: { endpoint: lambda.endpoint, functionName: lambda.functionName, region, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } },
      client: lwa.client,
      redirectUri: `${web.url}/alexa/link/callback`,
      deps: {
        lwaEndpoint: lwa.endpoint,
        issueAuthorizationCode: (email, redirectUri, scope) => lwa.issueAuthorizationCode(email, redirectUri, scope),
        onGatewayEvent: (listener) => gateway.on('event', listener),
      },
    });
    return { handle: alexa, stop: close };
  },
};
