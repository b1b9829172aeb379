/**
 * A read-only view of an SDP: the session part and its media sections, enough to check what an
 * offer asks for and what an answer promises. Pure functions on text; CRLF and LF both accepted.
 */
export interface SdpCodec {
  payloadType: number;
  /** Encoding name as written (e.g. `H264`, `opus`). */
  name: string;
  clockRate: number;
  channels?: number;
  /** The `a=fmtp` parameters, or undefined when the payload has no fmtp line. */
  fmtp?: string;
}

export interface SdpMediaSection {
  kind: string;
  mid?: string;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  codecs: SdpCodec[];
  candidates: string[];
  endOfCandidates: boolean;
  iceOptions: string[];
}

export interface SdpSummary {
  bundle: string[];
  iceOptions: string[];
  media: SdpMediaSection[];
}

export function sdpLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.length > 0);
}

/** Joins lines the way SDP wants them: CRLF after every line, including the last. */
export function joinSdpLines(lines: readonly string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** Splits an SDP into the session block and one block per `m=` line (each block starts with it). */
export function splitSections(sdp: string): { session: string[]; media: string[][] } {
  const session: string[] = [];
  const media: string[][] = [];
  for (const line of sdpLines(sdp)) {
    if (line.startsWith('m=')) media.push([line]);
    else if (media.length > 0) media[media.length - 1]!.push(line);
    else session.push(line);
  }
  return { session, media };
}

export function joinSections(parts: { session: string[]; media: string[][] }): string {
  return joinSdpLines([...parts.session, ...parts.media.flat()]);
}

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

function attribute(line: string): { name: string; value: string } | undefined {
  if (!line.startsWith('a=')) return undefined;
  const body = line.slice(2);
  const colon = body.indexOf(':');
  return colon < 0 ? { name: body, value: '' } : { name: body.slice(0, colon), value: body.slice(colon + 1) };
}

export function describeMediaSection(block: readonly string[]): SdpMediaSection {
  const [mLine = '', ...rest] = block;
  const kind = mLine.slice(2).split(' ')[0] ?? '';
  const payloadOrder = mLine.split(' ').slice(3).map(Number);
  const codecs = new Map<number, SdpCodec>();
  const fmtps = new Map<number, string>();
  const section: SdpMediaSection = { kind, direction: 'sendrecv', codecs: [], candidates: [], endOfCandidates: false, iceOptions: [] };
  for (const line of rest) {
    const attr = attribute(line);
    if (!attr) continue;
    if (attr.name === 'mid') section.mid = attr.value;
    else if (DIRECTIONS.has(attr.name)) section.direction = attr.name as SdpMediaSection['direction'];
    else if (attr.name === 'candidate') section.candidates.push(attr.value);
    else if (attr.name === 'end-of-candidates') section.endOfCandidates = true;
    else if (attr.name === 'ice-options') section.iceOptions.push(...attr.value.split(' '));
    else if (attr.name === 'rtpmap') {
      const match = /^(\d+) ([^/]+)\/(\d+)(?:\/(\d+))?/.exec(attr.value);
      if (match) {
        const codec: SdpCodec = { payloadType: Number(match[1]), name: match[2]!, clockRate: Number(match[3]) };
        if (match[4]) codec.channels = Number(match[4]);
        codecs.set(codec.payloadType, codec);
      }
    } else if (attr.name === 'fmtp') {
      const space = attr.value.indexOf(' ');
      if (space > 0) fmtps.set(Number(attr.value.slice(0, space)), attr.value.slice(space + 1));
    }
  }
  for (const pt of payloadOrder) {
    const codec = codecs.get(pt);
    if (!codec) continue;
    const fmtp = fmtps.get(pt);
    section.codecs.push(fmtp === undefined ? codec : { ...codec, fmtp });
  }
  return section;
}

export function summarizeSdp(sdp: string): SdpSummary {
  const { session, media } = splitSections(sdp);
  const summary: SdpSummary = { bundle: [], iceOptions: [], media: media.map(describeMediaSection) };
  for (const line of session) {
    const attr = attribute(line);
    if (attr?.name === 'group' && attr.value.startsWith('BUNDLE')) summary.bundle = attr.value.split(' ').slice(1);
    if (attr?.name === 'ice-options') summary.iceOptions.push(...attr.value.split(' '));
  }
  return summary;
}

/** Parses `key=value;key=value` fmtp parameters. */
export function fmtpParameters(fmtp: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (fmtp ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}
