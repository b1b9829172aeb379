import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeSdp } from '../../contracts/sdp/sections.js';
import { holdCandidates } from './held-candidates.js';

const echoShowOffer = readFileSync(new URL('./fixtures/echo-show-offer.sdp', import.meta.url), 'utf8');

describe('holdCandidates', () => {
  it('takes the Echo Show offer\'s candidates out, each once with the mid of the section it came in first', () => {
    const { sdp, candidates } = holdCandidates(echoShowOffer);
    expect(summarizeSdp(sdp).media.map((m) => m.candidates)).toEqual([[], []]);
    expect(candidates).toHaveLength(4);
    expect(candidates.every((c) => c.sdpMid === 'audio0' && c.sdpMLineIndex === 0)).toBe(true);
    expect(candidates.map((c) => c.candidate)).toEqual(summarizeSdp(echoShowOffer).media[0]!.candidates.map((c) => `candidate:${c}`));
  });

  it('changes nothing else, and drops end-of-candidates with the candidates', () => {
    const withEnd = echoShowOffer.replace('a=ice-ufrag:Ec8h\r\n', 'a=end-of-candidates\r\na=ice-ufrag:Ec8h\r\n');
    const { sdp } = holdCandidates(withEnd);
    const rest = (s: string) => s.split('\r\n').filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates');
    expect(sdp.split('\r\n')).toEqual(rest(withEnd));
  });

  it('returns an offer without candidates unchanged', () => {
    const bare = echoShowOffer.replace(/a=candidate:[^\r\n]*\r\n/g, '');
    expect(holdCandidates(bare)).toEqual({ sdp: bare, candidates: [] });
  });
});
