/**
 * The TURN server (coturn, ../../turn/) on loopback, its configuration and log in the world's
 * data directory. The KVS emulator hands it out from GetIceServerConfig with fresh credentials per
 * call, the way KVS hands out its own TURN servers. `npm start` runs without it when coturn is not
 * installed (it says how to install it); the tests require it.
 */
import type { IceServer } from '../../kvs/index.js';
import { INSTALL_HINT, startCoturn, TURN_CREDENTIAL_TTL_SECONDS, TurnServerMissingError, type Coturn } from '../../turn/coturn.js';
import type { Part } from '../types.js';

export interface TurnOptions {
  /** Fail the world when coturn is missing (default); false: run without relay and say how to install it. */
  required?: boolean;
  /** coturn's turnserver, for an install off the PATH; default `turnserver` on the PATH or in /usr/bin. */
  binary?: string;
}

export interface TurnHandle {
  /** False when coturn is not installed and the world runs without relay. */
  readonly available: boolean;
  /** The TURN URIs (UDP and TCP), empty when not available. */
  readonly uris: string[];
  /** GetIceServerConfig's IceServerList for a client: the URIs with credentials minted now. */
  iceServers(clientName: string): IceServer[];
  /** Test hooks: what coturn has done, from its log. */
  readonly control: { allocations(username?: string): number; log(): string };
}

const handleOf = (turn: Coturn | undefined): TurnHandle => ({
  available: turn !== undefined,
  uris: turn?.uris ?? [],
  iceServers(clientName) {
    if (!turn) return [];
    const { username, password } = turn.credentials(clientName);
    return [{ Uris: turn.uris, Username: username, Password: password, Ttl: TURN_CREDENTIAL_TTL_SECONDS }];
  },
  control: { allocations: (username) => turn?.allocations(username) ?? 0, log: () => turn?.log() ?? '' },
});

export const turnPart: Part<'turn'> = {
  needs: [],
  async start(options, _deps, ctx) {
    let turn: Coturn;
    try {
      turn = await startCoturn({ host: ctx.host, port: ctx.port('turn'), dataDir: ctx.dataPath('turn'), ...(options.binary ? { binary: options.binary } : {}) });
    } catch (error) {
      if (!(error instanceof TurnServerMissingError) || options.required !== false) throw error;
      ctx.log(`no TURN server: coturn is not installed (${INSTALL_HINT}); Alexa sessions get no relay candidates`);
      return { handle: handleOf(undefined) };
    }
    ctx.log(`TURN server (coturn) on ${turn.host}:${turn.port}, UDP and TCP`);
    return { handle: handleOf(turn), stop: () => turn.close(), service: { name: 'TURN server (coturn)', url: `turn:${turn.host}:${turn.port}` } };
  },
};
