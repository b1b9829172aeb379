/**
 * Entry point of the local Alexa: wires the skill client (the real Lambda SDK client against the
 * local Invoke API) and the persisted user store into a LocalAlexa.
 */
import { createSkillClient } from './skill-client.js';
import { LocalAlexa, type AlexaDependencies } from './local-alexa.js';
import { openUserStore } from './user-store.js';
import type { OAuthClient } from '../../lwa/clients.js';

export { LocalAlexa, AlexaError, type DoorbellAnnouncement, type PublicUserState } from './local-alexa.js';
export { handleAlexaRoute } from './http-api.js';

export interface StartLocalAlexaOptions {
  /** The Echo Show's Alexa accounts (short name + Amazon email). */
  users: { user: string; email: string }[];
  dataDir?: string;
  lambda: { endpoint: string; functionName: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  client: OAuthClient;
  redirectUri: string;
  deps: AlexaDependencies;
}

export async function startLocalAlexa(opts: StartLocalAlexaOptions): Promise<{ alexa: LocalAlexa; close(): void }> {
  const store = await openUserStore(opts.dataDir, opts.users);
  const skill = createSkillClient(opts.lambda);
  const alexa = new LocalAlexa({ skill, store, deps: opts.deps, client: opts.client, redirectUri: opts.redirectUri });
  return { alexa, close: () => skill.close() };
}
