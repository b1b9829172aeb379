/**
 * What the local Alexa remembers per Alexa user, as the real Alexa does: the account link (the
 * tokens Alexa holds for the skill) and the endpoints discovery found. Kept in one JSON file in
 * the data directory so that a second `npm start` keeps the link and the devices; without a data
 * directory it lives in memory only.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenSet } from './lwa-oauth.js';

export interface AccountLink extends TokenSet {
  lwaUserId: string;
  lwaEmail: string;
  linkedAt: number;
}

export interface DiscoveredEndpoint {
  endpointId: string;
  friendlyName: string;
  description?: string;
  manufacturerName?: string;
  displayCategories: string[];
  /** Interface names of the endpoint's capabilities, e.g. Alexa.RTCSessionController. */
  interfaces: string[];
}

export interface AlexaUserState {
  /** The Alexa account's short name on this Echo Show (alice, bob). */
  user: string;
  email: string;
  link?: AccountLink;
  endpoints: DiscoveredEndpoint[];
}

export interface UserStore {
  get(user: string): AlexaUserState | undefined;
  list(): AlexaUserState[];
  put(state: AlexaUserState): Promise<void>;
}

export async function openUserStore(dataDir: string | undefined, initial: { user: string; email: string }[]): Promise<UserStore> {
  const file = dataDir ? path.join(dataDir, 'alexa-users.json') : undefined;
  const users = new Map<string, AlexaUserState>();
  if (file) {
    const saved = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as AlexaUserState[],
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      },
    );
    for (const s of saved) users.set(s.user, s);
  }
  for (const u of initial) if (!users.has(u.user)) users.set(u.user, { user: u.user, email: u.email, endpoints: [] });

  // Writes are chained so that two updates never interleave on disk.
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify([...users.values()], null, 2);
    writing = writing.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot, { mode: 0o600 });
      await rename(tmp, file);
    });
    return writing;
  };

  return {
    get: (user) => users.get(user),
    list: () => [...users.values()],
    put(state) {
      users.set(state.user, state);
      return persist();
    },
  };
}
