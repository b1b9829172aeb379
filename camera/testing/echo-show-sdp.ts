import { describeMediaSection, fmtpParameters, joinSections, splitSections } from '../sdp/sections.js';

/**
 * Reshapes a Chromium offer (audio sendrecv + video recvonly, fully gathered) into the shape of
 * an Echo Show's offer, and maps the camera's answer back so that the offering Chromium accepts
 * it. The Echo Show shape (see camera/sdp/fixtures/README.md): BUNDLE `audio0 video0`, audio
 * opus, PCMU, PCMA, video sendrecv with only one `H264/90000` and no fmtp and nack / nack pli /
 * ccm fir, no header extensions, no `a=ice-options:trickle`, every candidate inline.
 *
 * Payload type numbers stay Chromium's (the Echo Show uses 96 and 99): they travel in every RTP
 * packet, so renumbering only the text would make both sides drop each other's media.
 */
export interface EchoShowOffer {
  sdp: string;
  /** Rewrites the answer to the Echo-Show-shaped offer for the Chromium that made the original. */
  restoreAnswer(answerSdp: string): string;
}

const KEPT_VIDEO_FEEDBACK = new Set(['nack', 'nack pli', 'ccm fir']);

export function reshapeAsEchoShowOffer(chromiumOffer: string): EchoShowOffer {
  const parts = splitSections(chromiumOffer);
  const midMap = new Map<string, string>();
  const ptMap = new Map<string, Map<number, number>>();

  parts.media = parts.media.map((block) => {
    const section = describeMediaSection(block);
    const kind = section.kind;
    const echoMid = `${kind}0`;
    midMap.set(echoMid, section.mid ?? '');
    const keep = new Map<number, number>();
    if (kind === 'audio') {
      const opus = section.codecs.find((c) => c.name.toLowerCase() === 'opus');
      if (opus) keep.set(opus.payloadType, opus.payloadType);
      for (const c of section.codecs) if (c.name === 'PCMU' || c.name === 'PCMA') keep.set(c.payloadType, c.payloadType);
    } else {
      const h264 = section.codecs.find((c) => {
        const p = fmtpParameters(c.fmtp);
        return c.name === 'H264' && p['packetization-mode'] === '1' && p['profile-level-id']?.toLowerCase() === '42e01f';
      });
      if (!h264) throw new Error('The offering Chromium has no constrained-baseline H264');
      keep.set(h264.payloadType, h264.payloadType);
    }
    ptMap.set(echoMid, new Map([...keep].map(([from, to]) => [to, from])));
    const out: string[] = [];
    for (const line of block) {
      if (line.startsWith('m=')) {
        const head = line.split(' ').slice(0, 3).join(' ');
        out.push(`${head} ${[...keep.values()].join(' ')}`);
        continue;
      }
      if (line === 'a=ice-options:trickle' || line.startsWith('a=extmap')) continue;
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
        const to = keep.get(Number(pt));
        if (to === undefined) continue;
        if (kind === 'video' && attr === 'fmtp') continue;
        if (kind === 'video' && attr === 'rtcp-fb' && !KEPT_VIDEO_FEEDBACK.has(rest!)) continue;
        if (kind === 'audio' && attr === 'rtcp-fb') continue;
        out.push(`a=${attr}:${to} ${rest}`);
        continue;
      }
      out.push(line);
    }
    return out;
  });
  parts.session = parts.session.filter((l) => l !== 'a=ice-options:trickle').map((l) => (l.startsWith('a=group:BUNDLE') ? 'a=group:BUNDLE audio0 video0' : l));

  const restoreAnswer = (answerSdp: string): string => {
    const answer = splitSections(answerSdp);
    answer.session = answer.session.map((l) =>
      l.startsWith('a=group:BUNDLE') ? `a=group:BUNDLE ${l.split(' ').slice(1).map((m) => midMap.get(m) ?? m).join(' ')}` : l,
    );
    answer.media = answer.media.map((block) => {
      const mid = describeMediaSection(block).mid ?? '';
      const back = ptMap.get(mid) ?? new Map<number, number>();
      return block.map((line) => {
        if (line.startsWith('m=')) {
          const fields = line.split(' ');
          return [...fields.slice(0, 3), ...fields.slice(3).map((pt) => String(back.get(Number(pt)) ?? pt))].join(' ');
        }
        if (line.startsWith('a=mid:')) return `a=mid:${midMap.get(mid) ?? mid}`;
        const codecLine = /^a=(rtpmap|fmtp|rtcp-fb):(\d+) (.*)$/.exec(line);
        if (codecLine) return `a=${codecLine[1]}:${back.get(Number(codecLine[2])) ?? codecLine[2]} ${codecLine[3]}`;
        return line;
      });
    });
    return joinSections(answer);
  };

  return { sdp: joinSections(parts), restoreAnswer };
}
