import { encodeSdpMessage, MAX_MESSAGE_PAYLOAD_CHARS } from '../../contracts/kvs/alexa-offer.js';
import { joinSections, splitSections } from '../../contracts/sdp/sections.js';
import { parseCandidate, type Candidate } from './candidates.js';

/**
 * Why a candidate left the answer:
 * - `mdns`: a host name ending in `.local` (RFC 8445 section 5.1.1.1 leaves the name to mDNS, which
 *   an Echo Show does not resolve);
 * - `link-local`: 169.254.0.0/16 or fe80::/10, which no peer off this link can reach;
 * - `duplicate-tcp`: a TCP candidate that repeats a better one's component, type, address and tcptype;
 * - `over-limit`: kept out so that the answer fits KVS's message limit (the lowest ranked first).
 */
export type DropReason = 'mdns' | 'link-local' | 'duplicate-tcp' | 'over-limit';

export interface DroppedCandidate {
  candidate: string;
  reason: DropReason;
}

export interface FittedAnswer {
  sdp: string;
  /** Characters of the SDP message payload KVS will see (base64 of `{"type":"answer","sdp":...}`). */
  payloadChars: number;
  /** False only when even an answer without candidates would not fit. */
  fits: boolean;
  dropped: DroppedCandidate[];
}

const isMdnsName = (c: Candidate) => /\.local\.?$/i.test(c.address);
const isLinkLocal = (c: Candidate) => c.address.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/i.test(c.address);

/** The reason a candidate is never worth sending, if there is one. */
function unusable(c: Candidate, keptTcp: Set<string>): DropReason | undefined {
  if (isMdnsName(c)) return 'mdns';
  if (isLinkLocal(c)) return 'link-local';
  if (c.transport === 'tcp') {
    const key = `${c.component} ${c.type} ${c.address} ${c.tcpType ?? ''}`;
    if (keptTcp.has(key)) return 'duplicate-tcp';
    keptTcp.add(key);
  }
  return undefined;
}

/**
 * The order candidates are kept in when not all fit: the best of every component and type first
 * (one host, one srflx, one relay per component), then the second best of each, and so on, by
 * priority (RFC 8445 section 5.1.2), so that a cut answer still offers every kind of path.
 */
function keepOrder(candidates: Candidate[]): Candidate[] {
  const rankInGroup = new Map<Candidate, number>();
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.component} ${c.type}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) group.sort((a, b) => b.priority - a.priority).forEach((c, i) => rankInGroup.set(c, i));
  return [...candidates].sort((a, b) => rankInGroup.get(a)! - rankInGroup.get(b)! || b.priority - a.priority);
}

function withCandidates(parts: { session: string[]; media: string[][] }, keep: Set<string>): string {
  return joinSections({
    session: parts.session,
    media: parts.media.map((block) => block.filter((line) => !line.startsWith('a=candidate:') || keep.has(line.slice(2)))),
  });
}

/**
 * Makes a complete answer fit KVS's message limit: candidates no peer can use are always dropped;
 * then, while the payload is still too long, the lowest ranked candidates (see {@link keepOrder}).
 * Bundled sections repeat the same candidates, so a candidate leaves every section at once.
 */
export function fitAnswer(answerSdp: string, limitChars: number = MAX_MESSAGE_PAYLOAD_CHARS): FittedAnswer {
  const parts = splitSections(answerSdp);
  const values = [...new Set(parts.media.flatMap((block) => block.filter((l) => l.startsWith('a=candidate:')).map((l) => l.slice(2))))];
  const parsed = values.map((v) => parseCandidate(v)).filter((c): c is Candidate => c !== undefined);
  const dropped: DroppedCandidate[] = [];
  const keptTcp = new Set<string>();
  // Better TCP candidates first, so that the duplicate dropped is always the worse one.
  const usable = [...parsed].sort((a, b) => b.priority - a.priority).filter((c) => {
    const reason = unusable(c, keptTcp);
    if (reason) dropped.push({ candidate: c.value, reason });
    return reason === undefined;
  });
  // Lines that are not parsable candidates are left as they were.
  const keep = new Set(values.filter((v) => !dropped.some((d) => d.candidate === v)));
  const payload = (sdp: string) => encodeSdpMessage('answer', sdp).length;
  let sdp = withCandidates(parts, keep);
  const ranked = keepOrder(usable);
  while (payload(sdp) > limitChars && ranked.length > 0) {
    const worst = ranked.pop()!;
    keep.delete(worst.value);
    dropped.push({ candidate: worst.value, reason: 'over-limit' });
    sdp = withCandidates(parts, keep);
  }
  return { sdp, payloadChars: payload(sdp), fits: payload(sdp) <= limitChars, dropped };
}
