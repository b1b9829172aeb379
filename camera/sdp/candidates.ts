import { splitSections } from '../../contracts/sdp/sections.js';

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
export const CANDIDATE_TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];

/** One ICE candidate attribute (RFC 8839 section 5.1), the fields the camera decides on. */
export interface Candidate {
  /** The attribute value as written, `candidate:...` (no `a=`). */
  value: string;
  foundation: string;
  component: number;
  /** Lower case: `udp` or `tcp`. */
  transport: string;
  priority: number;
  address: string;
  port: number;
  type: CandidateType;
  /** TCP candidates only (RFC 6544): active, passive or so. */
  tcpType?: string;
}

/** Reads `candidate:...` (with or without a leading `a=`); undefined for anything that is not a candidate. */
export function parseCandidate(text: string): Candidate | undefined {
  const value = text.startsWith('a=') ? text.slice(2) : text;
  const match = /^candidate:(\S+) (\d+) (\S+) (\d+) (\S+) (\d+) typ (host|srflx|prflx|relay)(?: (.*))?$/i.exec(value);
  if (!match) return undefined;
  const [, foundation, component, transport, priority, address, port, type, rest = ''] = match;
  const extensions = rest.split(' ');
  const tcpTypeAt = extensions.indexOf('tcptype');
  const candidate: Candidate = {
    value,
    foundation: foundation!,
    component: Number(component),
    transport: transport!.toLowerCase(),
    priority: Number(priority),
    address: address!,
    port: Number(port),
    type: type!.toLowerCase() as CandidateType,
  };
  if (tcpTypeAt >= 0 && extensions[tcpTypeAt + 1]) candidate.tcpType = extensions[tcpTypeAt + 1];
  return candidate;
}

/** Candidate attribute values of the whole SDP, each once although bundled sections repeat them. */
export function candidatesIn(sdp: string): string[] {
  const seen = new Set<string>();
  for (const block of splitSections(sdp).media) {
    for (const line of block) if (line.startsWith('a=candidate:')) seen.add(line.slice(2));
  }
  return [...seen];
}

export type CandidateTypeCounts = Record<CandidateType, number>;

export function countCandidateTypes(candidates: Iterable<string>): CandidateTypeCounts {
  const counts: CandidateTypeCounts = { host: 0, srflx: 0, prflx: 0, relay: 0 };
  for (const text of candidates) {
    const c = parseCandidate(text);
    if (c) counts[c.type] += 1;
  }
  return counts;
}
