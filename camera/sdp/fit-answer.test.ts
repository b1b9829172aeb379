import { describe, expect, it } from 'vitest';
import { encodeSdpMessage, MAX_MESSAGE_PAYLOAD_CHARS } from '../../contracts/kvs/alexa-offer.js';
import { summarizeSdp } from '../../contracts/sdp/sections.js';
import { candidatesIn, parseCandidate } from './candidates.js';
import { fitAnswer } from './fit-answer.js';

/** RFC 8445 section 5.1.2.1: priority = 2^24 type preference + 2^8 local preference + (256 - component). */
const priority = (typePreference: number, localPreference: number, component = 1) => typePreference * 2 ** 24 + localPreference * 2 ** 8 + (256 - component);

/**
 * The answer of a laptop with many interfaces, the way Chromium writes it: for each interface a host
 * UDP and a host TCP candidate (and, on some, the TCP one twice), a server-reflexive one, and relayed
 * ones through TURN over UDP and over TCP; plus mDNS names and link-local addresses, IPv4 and IPv6.
 */
function manyInterfaceAnswer(interfaces: number): string {
  const lines: string[] = [];
  let foundation = 0;
  const add = (transport: string, prio: number, address: string, port: number, type: string, extra = '') =>
    lines.push(`a=candidate:${++foundation} 1 ${transport} ${prio} ${address} ${port} typ ${type}${extra} generation 0 network-id ${foundation} network-cost 10`);
  for (let i = 0; i < interfaces; i++) {
    const v4 = `10.${i}.0.2`;
    const v6 = `fd00:${i.toString(16)}::2`;
    add('udp', priority(126, 65535 - i), v4, 50000 + i, 'host');
    add('tcp', priority(90, 65535 - i), v4, 9, 'host', ' tcptype active');
    if (i % 3 === 0) add('tcp', priority(90, 65000 - i), v4, 9, 'host', ' tcptype active');
    add('udp', priority(126, 40000 - i), v6, 51000 + i, 'host');
    add('udp', priority(100, 65535 - i), `198.51.100.${i + 1}`, 60000 + i, 'srflx', ` raddr ${v4} rport ${50000 + i}`);
    add('udp', priority(2, 65535 - i), `203.0.113.${i + 1}`, 40000 + i, 'relay', ` raddr 198.51.100.${i + 1} rport ${60000 + i}`);
    add('udp', priority(1, 65535 - i), `203.0.113.${i + 1}`, 41000 + i, 'relay', ` raddr 198.51.100.${i + 1} rport ${61000 + i}`);
  }
  add('udp', priority(126, 30000), '3b2c7a9e-0d1f-4c4a-9f0e-1f2a3b4c5d6e.local', 52000, 'host');
  add('udp', priority(126, 30001), '169.254.10.20', 52001, 'host');
  add('udp', priority(126, 30002), 'fe80::1c2d:3e4f:5a6b:7c8d', 52002, 'host');
  add('tcp', priority(90, 30003), 'a1b2c3d4-0000-4000-8000-000000000000.local', 9, 'host', ' tcptype active');
  const section = (kind: string, mid: string, pt: string, codec: string, direction: string) => [
    `m=${kind} 9 UDP/TLS/RTP/SAVPF ${pt}`, 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', ...lines, 'a=end-of-candidates',
    'a=ice-ufrag:Ab12', 'a=ice-pwd:0123456789abcdefghijklmn', 'a=fingerprint:sha-256 3C:5E:0A:91:7B:22:F4:6D:88:A9:10:EE:5F:C3:47:21:9B:D0:6A:73:2E:58:C1:04:BF:96:3D:7E:A2:15:8C:E9',
    'a=setup:active', `a=mid:${mid}`, `a=${direction}`, 'a=rtcp-mux', `a=rtpmap:${pt} ${codec}`, 'a=ssrc:1 cname:camera',
  ];
  return [
    'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE audio0 video0', 'a=msid-semantic: WMS camera',
    ...section('audio', 'audio0', '96', 'opus/48000/2', 'sendrecv'), ...section('video', 'video0', '99', 'H264/90000', 'sendonly'),
  ].join('\r\n') + '\r\n';
}

const payload = (sdp: string) => encodeSdpMessage('answer', sdp).length;
const sectionCandidates = (sdp: string) => summarizeSdp(sdp).media.map((m) => m.candidates);

describe('fitAnswer', () => {
  const original = manyInterfaceAnswer(12);
  const fitted = fitAnswer(original);
  const kept = candidatesIn(fitted.sdp).map((c) => parseCandidate(c)!);

  it('brings a many-interface answer that is far over KVS\'s limit under it, and says how long the payload is', () => {
    expect(payload(original)).toBeGreaterThan(2 * MAX_MESSAGE_PAYLOAD_CHARS);
    expect(fitted.fits).toBe(true);
    expect(fitted.payloadChars).toBe(payload(fitted.sdp));
    expect(fitted.payloadChars).toBeLessThanOrEqual(MAX_MESSAGE_PAYLOAD_CHARS);
    // It keeps as many as fit: the last candidate it cut, put back, would not.
    const lastCut = fitted.dropped.filter((d) => d.reason === 'over-limit').at(-1)!;
    expect(payload(fitted.sdp.replaceAll('a=end-of-candidates', `a=${lastCut.candidate}\r\na=end-of-candidates`))).toBeGreaterThan(MAX_MESSAGE_PAYLOAD_CHARS);
  });

  it('drops mDNS names, link-local addresses and duplicate TCP candidates, naming each', () => {
    const reasons = (reason: string) => fitted.dropped.filter((d) => d.reason === reason).map((d) => parseCandidate(d.candidate)!);
    expect(reasons('mdns').map((c) => c.address).every((a) => a.endsWith('.local'))).toBe(true);
    expect(reasons('mdns')).toHaveLength(2);
    expect(reasons('link-local').map((c) => c.address).sort()).toEqual(['169.254.10.20', 'fe80::1c2d:3e4f:5a6b:7c8d']);
    // Four interfaces (0, 3, 6, 9) list their TCP candidate twice; the worse copy goes.
    const duplicates = reasons('duplicate-tcp');
    expect(duplicates.map((c) => c.address).sort()).toEqual(['10.0.0.2', '10.3.0.2', '10.6.0.2', '10.9.0.2']);
    const all = candidatesIn(original).map((c) => parseCandidate(c)!);
    for (const d of duplicates) expect(all.some((c) => c.address === d.address && c.transport === 'tcp' && c.priority > d.priority)).toBe(true);
    expect(kept.some((c) => c.address.endsWith('.local') || c.address.startsWith('169.254.') || c.address.startsWith('fe80'))).toBe(false);
  });

  it('keeps the best candidate of every component and type, by priority, and drops the lowest ranked first', () => {
    const usable = candidatesIn(original).map((c) => parseCandidate(c)!).filter((c) => !fitted.dropped.some((d) => d.candidate === c.value && d.reason !== 'over-limit'));
    for (const type of ['host', 'srflx', 'relay'] as const) {
      const best = usable.filter((c) => c.type === type).sort((a, b) => b.priority - a.priority)[0]!;
      expect(kept.map((c) => c.value)).toContain(best.value);
    }
    // Every type keeps about the same number: no type is cut to zero while another keeps all.
    const counts = ['host', 'srflx', 'relay'].map((t) => kept.filter((c) => c.type === t).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    // Within a type, whatever was cut ranks below whatever was kept.
    for (const type of ['host', 'srflx', 'relay']) {
      const lowestKept = Math.min(...kept.filter((c) => c.type === type && c.transport === 'udp').map((c) => c.priority));
      const cut = fitted.dropped.filter((d) => d.reason === 'over-limit').map((d) => parseCandidate(d.candidate)!).filter((c) => c.type === type && c.transport === 'udp');
      for (const c of cut) expect(c.priority).toBeLessThan(lowestKept);
    }
  });

  it('accounts for every candidate: kept or dropped once, the same set in both bundled sections, the rest of the answer untouched', () => {
    const all = candidatesIn(original);
    expect(new Set([...kept.map((c) => c.value), ...fitted.dropped.map((d) => d.candidate)])).toEqual(new Set(all));
    expect(kept.length + fitted.dropped.length).toBe(all.length);
    const [audio, video] = sectionCandidates(fitted.sdp);
    expect(audio).toEqual(video);
    expect(summarizeSdp(fitted.sdp).media.map((m) => m.endOfCandidates)).toEqual([true, true]);
    const withoutCandidates = (sdp: string) => sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:'));
    expect(withoutCandidates(fitted.sdp)).toEqual(withoutCandidates(original));
  });

  it('leaves an answer that fits as it is, but for candidates nobody can use, and is idempotent', () => {
    const small = manyInterfaceAnswer(1);
    const once = fitAnswer(small);
    expect(once.dropped.every((d) => d.reason !== 'over-limit')).toBe(true);
    expect(candidatesIn(once.sdp)).toHaveLength(candidatesIn(small).length - once.dropped.length);
    expect(fitAnswer(once.sdp)).toEqual({ sdp: once.sdp, payloadChars: once.payloadChars, fits: true, dropped: [] });
  });

  it('under a tight limit keeps one host, one srflx and one relay candidate before any second one', () => {
    const answer = manyInterfaceAnswer(4);
    const all = candidatesIn(answer).map((c) => parseCandidate(c)!);
    const best = (['host', 'srflx', 'relay'] as const).map((type) => all.filter((c) => c.type === type).sort((a, b) => b.priority - a.priority)[0]!.value);
    const onlyBest = answer.split('\r\n').filter((l) => !l.startsWith('a=candidate:') || best.includes(l.slice(2))).join('\r\n');
    const threeFit = fitAnswer(answer, payload(onlyBest));
    expect(threeFit.fits).toBe(true);
    expect(candidatesIn(threeFit.sdp).sort()).toEqual([...best].sort());
    const base = fitAnswer(answer, 0);
    expect(base.fits).toBe(false);
    expect(candidatesIn(base.sdp)).toEqual([]);
  });
});
