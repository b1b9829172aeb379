/**
 * A camera laptop with many interfaces (VPN, Docker bridges, IPv6): its complete answer would be
 * far over KVS's 10,000 characters, and Alexa would get nothing. In a network namespace of its own
 * with 8 veth pairs (camera/testing/many-interfaces.ts), the camera page answers a werift Echo Show
 * through SendAlexaOfferToMaster: the answer is cut to fit, says what it dropped, and still connects.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_PAYLOAD_CHARS } from '../contracts/kvs/alexa-offer.js';
import type { CandidateTypeCounts } from './sdp/candidates.js';
import { ALEXA_DEADLINE_MS } from './testing/camera-world.js';
import { runWithManyInterfaces } from './testing/many-interfaces.js';

interface Result {
  elapsedMs: number;
  payloadChars: number;
  pagePayloadChars: number;
  unprunedCandidates: number;
  kept: CandidateTypeCounts;
  keptAddresses: string[];
  dropped: { reason: string; address?: string; type?: string }[];
  gatheringComplete: boolean;
  connection: string;
  weriftReceived: { audio: number; video: number; fuA: number };
  cameraReceivedAudio: number;
  path?: { local: string; remote: string };
}

const SESSION = fileURLToPath(new URL('./testing/many-interfaces-session.ts', import.meta.url));

describe('an answer built on a machine with many candidates', () => {
  it('stays under KVS\'s limit, drops link-local and the lowest ranked candidates, and still connects', async () => {
    const r = await runWithManyInterfaces<Result>(SESSION, { pairs: 8 });
    // The interfaces were there: the answer has host candidates on them, and it had to be cut.
    expect(r.keptAddresses.filter((a) => a.startsWith('10.77.') || a.startsWith('10.78.')).length).toBeGreaterThan(4);
    expect(r.dropped.filter((d) => d.reason === 'over-limit').length).toBeGreaterThan(0);
    expect(r.dropped.filter((d) => d.reason === 'link-local').map((d) => d.address)).toContain('169.254.77.1');
    expect(r.payloadChars).toBeLessThanOrEqual(MAX_MESSAGE_PAYLOAD_CHARS);
    expect(r.pagePayloadChars).toBe(r.payloadChars);
    expect(r.unprunedCandidates).toBe(r.kept.host + r.kept.srflx + r.kept.prflx + r.kept.relay + r.dropped.length);
    // Cut, not emptied: host and relayed candidates both stay.
    expect(r.kept.host).toBeGreaterThan(0);
    expect(r.kept.relay).toBeGreaterThan(0);
    expect(r.elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    // And it connects: media both ways.
    expect(r.connection).toBe('connected');
    expect(r.weriftReceived.video).toBeGreaterThan(0);
    expect(r.weriftReceived.fuA).toBeGreaterThan(0);
    expect(r.weriftReceived.audio).toBeGreaterThan(25);
    expect(r.cameraReceivedAudio).toBeGreaterThan(25);
  }, 120_000);
});
