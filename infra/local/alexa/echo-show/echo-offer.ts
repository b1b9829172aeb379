/**
 * Reshapes a browser's offer into what an Echo Show sends (recorded offers are public in other
 * projects' issue threads): no `a=ice-options:trickle`, H.264 payloads without any `a=fmtp`
 * line, no RTP header extensions (`a=extmap`), media sections identified as `audio0` / `video0`
 * in one BUNDLE. The browser keeps its own local description; only the copy sent to Alexa is
 * reshaped, and the answer's mids are mapped back before the browser applies it. Dropping the
 * header extensions is what makes the renaming safe: without the MID extension, RTP carries no
 * mid, and both ends demultiplex the bundle by SSRC and payload type.
 */

export interface ReshapedOffer {
  sdp: string;
  /** Echo-style mid -> the browser's own mid. */
  mids: Record<string, string>;
}

function splitLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((l) => l.length > 0);
}

function joinLines(lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** Payload types whose rtpmap names H.264. */
function h264PayloadTypes(lines: string[]): Set<string> {
  const types = new Set<string>();
  for (const l of lines) {
    const m = /^a=rtpmap:(\d+) H264\//i.exec(l);
    if (m?.[1]) types.add(m[1]);
  }
  return types;
}

export function reshapeLikeEchoShow(sdp: string): ReshapedOffer {
  const lines = splitLines(sdp);
  const h264 = h264PayloadTypes(lines);
  const mids: Record<string, string> = {};
  const renamed = new Map<string, string>();
  let kind: string | undefined;
  for (const l of lines) {
    const media = /^m=(\w+) /.exec(l);
    if (media) kind = media[1];
    const mid = /^a=mid:(.+)$/.exec(l);
    if (mid?.[1] && kind) {
      const echoMid = `${kind}${Object.keys(mids).filter((k) => k.startsWith(kind!)).length}`;
      mids[echoMid] = mid[1];
      renamed.set(mid[1], echoMid);
    }
  }
  const out = lines
    .filter((l) => l !== 'a=ice-options:trickle' && !l.startsWith('a=extmap:') && l !== 'a=extmap-allow-mixed')
    .filter((l) => {
      const fmtp = /^a=fmtp:(\d+) /.exec(l);
      return !(fmtp?.[1] && h264.has(fmtp[1]));
    })
    .map((l) => {
      if (l.startsWith('a=group:BUNDLE ')) {
        return 'a=group:BUNDLE ' + l.slice('a=group:BUNDLE '.length).split(' ').map((m) => renamed.get(m) ?? m).join(' ');
      }
      const mid = /^a=mid:(.+)$/.exec(l);
      if (mid?.[1]) return `a=mid:${renamed.get(mid[1]) ?? mid[1]}`;
      return l;
    });
  return { sdp: joinLines(out), mids };
}

/** The answer to a reshaped offer, with the browser's own mids back in place. */
export function restoreMids(answerSdp: string, mids: Record<string, string>): string {
  const lines = splitLines(answerSdp).map((l) => {
    if (l.startsWith('a=group:BUNDLE ')) {
      return 'a=group:BUNDLE ' + l.slice('a=group:BUNDLE '.length).split(' ').map((m) => mids[m] ?? m).join(' ');
    }
    const mid = /^a=mid:(.+)$/.exec(l);
    if (mid?.[1]) return `a=mid:${mids[mid[1]] ?? mid[1]}`;
    return l;
  });
  return joinLines(lines);
}
