import { describe, expect, it } from 'vitest';
import { candidatesIn, countCandidateTypes, parseCandidate } from './candidates.js';

describe('parseCandidate', () => {
  it('reads the fields of UDP, TCP, reflexive and relayed candidates, with or without a=', () => {
    expect(parseCandidate('a=candidate:1 1 udp 2122260223 192.0.2.7 50712 typ host generation 0')).toMatchObject({
      foundation: '1', component: 1, transport: 'udp', priority: 2122260223, address: '192.0.2.7', port: 50712, type: 'host',
    });
    expect(parseCandidate('candidate:3 1 TCP 1518280447 192.0.2.7 9 typ host tcptype active')).toMatchObject({ transport: 'tcp', tcpType: 'active', port: 9 });
    expect(parseCandidate('candidate:4 1 udp 1686052607 198.51.100.4 4000 typ srflx raddr 192.0.2.7 rport 50712')?.type).toBe('srflx');
    expect(parseCandidate('candidate:5 1 udp 41885439 203.0.113.9 3478 typ relay raddr 198.51.100.4 rport 4000')?.type).toBe('relay');
    expect(parseCandidate('candidate:6 1 udp 2122262783 3b2c7a9e-0d1f-4c4a-9f0e-1f2a3b4c5d6e.local 5000 typ host')?.address).toMatch(/\.local$/);
  });

  it('refuses what is not a candidate', () => {
    expect(parseCandidate('a=end-of-candidates')).toBeUndefined();
    expect(parseCandidate('candidate:1 1 udp notanumber 192.0.2.7 1 typ host')).toBeUndefined();
    expect(parseCandidate('candidate:1 1 udp 1 192.0.2.7 1 typ weird')).toBeUndefined();
  });
});

describe('candidatesIn and countCandidateTypes', () => {
  const answer = [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE audio0 video0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', 'a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype passive',
    'a=candidate:3 1 udp 41885439 127.0.0.1 40000 typ relay raddr 127.0.0.1 rport 5000', 'a=mid:audio0',
    'm=video 9 UDP/TLS/RTP/SAVPF 99', 'c=IN IP4 0.0.0.0', 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', 'a=mid:video0',
  ].join('\r\n') + '\r\n';

  it('candidatesIn deduplicates bundled candidates', () => {
    expect(candidatesIn(answer)).toHaveLength(3);
  });

  it('counts each type once', () => {
    expect(countCandidateTypes(candidatesIn(answer))).toEqual({ host: 2, srflx: 0, prflx: 0, relay: 1 });
    expect(countCandidateTypes([])).toEqual({ host: 0, srflx: 0, prflx: 0, relay: 0 });
  });
});
