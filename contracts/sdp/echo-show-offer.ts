import { describeMediaSection, fmtpParameters, joinSections, splitSections } from './sections.js';

/**
 * Reshapes an offer of Chromium's or werift's (audio sendrecv + video recvonly, fully gathered) into
 * the shape of an Echo Show's offer, and maps the answer back so that the offering peer accepts it.
 * The Echo Show simulator sends its offers through it, and the camera tests (a Chromium and a
 * werift offerer) and the benchmark make their Echo-Show-like offers with it. The Echo Show shape (camera/sdp/fixtures/README.md): one BUNDLE
 * `audio0 video0`, audio opus, PCMU, PCMA, video sendrecv with one `H264/90000` and no fmtp and
 * nack / nack pli / ccm fir, no RTP header extensions, no `a=ice-options:trickle`, every
 * candidate inline.
 *
 * The browser keeps its own local description; only the copy sent to Alexa is reshaped. Dropping
 * the header extensions is what makes renaming the mids safe: without the MID extension RTP
 * carries no mid, and both ends demultiplex the bundle by SSRC and payload type. Payload type
 * numbers stay Chromium's (the Echo Show uses 96 and 99): they travel in every RTP packet, so
 * renumbering only the text would make both sides drop each other's media.
 */
export interface EchoShowOffer {
  sdp: string;
  /** Echo-style mid -> the offering browser's own mid. */
  mids: Record<string, string>;
  /** The answer to the reshaped offer, with the offering browser's mids back in place. */
  restoreAnswer(answerSdp: string): string;
}

const KEPT_VIDEO_FEEDBACK = new Set(['nack', 'nack pli', 'ccm fir']);
const isExtension = (line: string): boolean => line.startsWith('a=extmap');

/** The payload types an Echo Show offers: opus, PCMU and PCMA; one constrained-baseline H.264 with packetization-mode 1. */
function keptPayloadTypes(block: readonly string[]): Set<number> {
  const section = describeMediaSection(block);
  if (section.kind === 'audio') {
    const opus = section.codecs.find((c) => c.name.toLowerCase() === 'opus');
    return new Set([...(opus ? [opus] : []), ...section.codecs.filter((c) => c.name === 'PCMU' || c.name === 'PCMA')].map((c) => c.payloadType));
  }
  const h264 = section.codecs.find((c) => {
    const p = fmtpParameters(c.fmtp);
    return c.name === 'H264' && p['packetization-mode'] === '1' && p['profile-level-id']?.toLowerCase() === '42e01f';
  });
  if (!h264) throw new Error('The offering peer has no constrained-baseline H264 with packetization-mode 1');
  return new Set([h264.payloadType]);
}

function reshapeSection(block: readonly string[], kind: string, echoMid: string): string[] {
  const keep = keptPayloadTypes(block);
  const out: string[] = [];
  for (const line of block) {
    if (line.startsWith('m=')) {
      out.push(`${line.split(' ').slice(0, 3).join(' ')} ${[...keep].join(' ')}`);
      continue;
    }
    if (line === 'a=ice-options:trickle' || isExtension(line)) continue;
    // The Echo Show offers video sendrecv although it sends none; the camera must still answer sendonly.
    if (kind === 'video' && line === 'a=recvonly') {
      out.push('a=sendrecv');
      continue;
    }
    if (line.startsWith('a=mid:')) {
      out.push(`a=mid:${echoMid}`);
      continue;
    }
    const codecLine = /^a=(rtpmap|fmtp|rtcp-fb):(\d+) (.*)$/.exec(line);
    if (codecLine) {
      const [, attr, pt, rest] = codecLine;
      if (!keep.has(Number(pt))) continue;
      if (kind === 'video' && attr === 'fmtp') continue;
      if (attr === 'rtcp-fb' && (kind === 'audio' || !KEPT_VIDEO_FEEDBACK.has(rest!))) continue;
    }
    out.push(line);
  }
  return out;
}

const renameBundle = (line: string, rename: (mid: string) => string): string =>
  line.startsWith('a=group:BUNDLE') ? ['a=group:BUNDLE', ...line.split(' ').slice(1).map(rename)].join(' ') : line;

export function reshapeAsEchoShowOffer(chromiumOffer: string): EchoShowOffer {
  const parts = splitSections(chromiumOffer);
  const mids: Record<string, string> = {};
  const echoMidOf = new Map<string, string>();
  parts.media = parts.media.map((block) => {
    const { kind, mid = '' } = describeMediaSection(block);
    const echoMid = `${kind}${Object.keys(mids).filter((m) => m.startsWith(kind)).length}`;
    mids[echoMid] = mid;
    echoMidOf.set(mid, echoMid);
    return reshapeSection(block, kind, echoMid);
  });
  parts.session = parts.session
    .filter((l) => l !== 'a=ice-options:trickle' && !isExtension(l))
    .map((l) => renameBundle(l, (m) => echoMidOf.get(m) ?? m));

  const restoreAnswer = (answerSdp: string): string => {
    const answer = splitSections(answerSdp);
    const back = (m: string): string => mids[m] ?? m;
    answer.session = answer.session.map((l) => renameBundle(l, back));
    answer.media = answer.media.map((block) => block.map((l) => (l.startsWith('a=mid:') ? `a=mid:${back(l.slice('a=mid:'.length))}` : l)));
    return joinSections(answer);
  };

  return { sdp: joinSections(parts), mids, restoreAnswer };
}
