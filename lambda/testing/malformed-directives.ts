/**
 * Reproducible malformed Alexa directives for the bad-input tests: each case is ONE fault applied to a
 * valid fixture, so the ErrorResponse type it must get follows from the documented rules
 * (lambda/README.md, "Errors"). A seeded PRNG picks the cases, so a failure names a seed and an index
 * that replay exactly.
 */
import { directive, type Directive, type FixtureName } from '../testing/fixtures/index.js';

export type ExpectedError =
  | 'INVALID_DIRECTIVE'
  | 'NO_SUCH_ENDPOINT'
  | 'INVALID_AUTHORIZATION_CREDENTIAL'
  | 'EXPIRED_AUTHORIZATION_CREDENTIAL'
  | 'ENDPOINT_UNREACHABLE'
  | 'ACCEPT_GRANT_FAILED';

export interface MalformedCase {
  /** Short description of the fault, for failure messages. */
  label: string;
  input: unknown;
  expected: ExpectedError;
  /** Which runtime must handle it: the one whose clock has passed the expired tokens' cache. */
  runtime: 'main' | 'expired';
}

/** Mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the running test world offers the cases: its tokens, doorbells and the test master's garbage answers. */
export interface FuzzSetup {
  /** A valid bearer token of the owner of `ownEndpoint`. */
  token: string;
  /** Tokens the main runtime never saw that LWA does not know. */
  bogusTokens: string[];
  /** Tokens the "expired" runtime saw valid and LWA has since expired. */
  expiredTokens: string[];
  ownEndpoint: string;
  /** The same owner's doorbell whose camera said it is offline. */
  offlineEndpoint: string;
  foreignEndpoint: string;
  /** Session ids with this prefix make the test master answer with the garbage at the index after it. */
  garbageSessionPrefix: string;
  garbageAnswers: number;
}

type Mutable = Record<string, unknown>;

const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, true, false, [], ['3'], {}, { value: 'x' }];
const WRONG_STRINGS = ['', ' ', 'x'.repeat(300), '\u0000', '\u202e', '😀'.repeat(70)];

function at(obj: unknown, path: string[]): { parent: Mutable; key: string } {
  let node = obj as Mutable;
  for (const key of path.slice(0, -1)) node = node[key] as Mutable;
  return { parent: node, key: path.at(-1)! };
}

const ENDPOINT_DIRECTIVES: FixtureName[] = ['report-state', 'initiate-session-with-offer', 'session-connected', 'session-disconnected', 'get-snapshot'];
const TOKEN_DIRECTIVES: FixtureName[] = ['discover', ...ENDPOINT_DIRECTIVES];

/** Fields every directive of that fixture needs, as paths from the root. */
function requiredPaths(name: FixtureName): string[][] {
  const header = ['namespace', 'name', 'messageId', 'payloadVersion'].map((k) => ['directive', 'header', k]);
  const scope = name === 'discover' ? ['directive', 'payload', 'scope'] : ['directive', 'endpoint', 'scope'];
  const paths = [...header, ['directive', 'header'], ['directive']];
  if (name !== 'accept-grant') paths.push(scope, [...scope, 'type'], [...scope, 'token']);
  if (ENDPOINT_DIRECTIVES.includes(name)) paths.push(['directive', 'endpoint'], ['directive', 'endpoint', 'endpointId']);
  if (name === 'initiate-session-with-offer') {
    paths.push(['directive', 'payload'], ['directive', 'payload', 'sessionId'], ['directive', 'payload', 'offer'], ['directive', 'payload', 'offer', 'format'], ['directive', 'payload', 'offer', 'value']);
  }
  if (name === 'session-connected' || name === 'session-disconnected') paths.push(['directive', 'payload', 'sessionId']);
  if (name === 'accept-grant') {
    paths.push(['directive', 'payload', 'grant'], ['directive', 'payload', 'grant', 'type'], ['directive', 'payload', 'grant', 'code'], ['directive', 'payload', 'grantee'], ['directive', 'payload', 'grantee', 'token']);
  }
  return paths;
}

/** A malformed AcceptGrant is still an AcceptGrant while its namespace and name say so. */
const isStillAcceptGrant = (d: unknown) => {
  const h = (d as { directive?: { header?: Mutable } })?.directive?.header;
  return h?.namespace === 'Alexa.Authorization' && h?.name === 'AcceptGrant';
};

function structural(random: () => number, w: FuzzSetup): MalformedCase {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const name = pick<FixtureName>(['accept-grant', ...TOKEN_DIRECTIVES]);
  const d = directive(name, { token: w.token, endpointId: w.ownEndpoint, code: 'not-a-real-code' });
  const path = pick(requiredPaths(name));
  const { parent, key } = at(d, path);
  let label: string;
  if (random() < 0.35) {
    delete parent[key];
    label = `${name}: ${path.join('.')} missing`;
  } else {
    // Free-text fields accept almost any string, so they only get wrong types or the empty string.
    const freeText = ['messageId', 'token', 'code'].includes(key);
    const current = parent[key];
    parent[key] = typeof current === 'string' && key !== 'payloadVersion' && random() < 0.4 ? (freeText ? '' : pick(WRONG_STRINGS)) : pick(WRONG_TYPES);
    label = `${name}: ${path.join('.')} = ${JSON.stringify(parent[key])?.slice(0, 40)}`;
  }
  return { label, input: d, expected: isStillAcceptGrant(d) ? 'ACCEPT_GRANT_FAILED' : 'INVALID_DIRECTIVE', runtime: 'main' };
}

function wrongRouting(random: () => number, w: FuzzSetup): MalformedCase {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const name = pick(TOKEN_DIRECTIVES);
  const d = directive(name, { token: w.token, endpointId: w.ownEndpoint });
  const h = d.directive.header;
  const kind = pick(['namespace', 'name', 'both', 'version', 'case'] as const);
  if (kind === 'namespace') h.namespace = pick(['Alexa.PowerController', 'Alexa.Discovery.', 'alexa', 'Alexa.RTCSessionControler', 'Alexa.Authorization']);
  if (kind === 'name') h.name = pick(['TurnOn', 'Discover.Response', 'StateReport', 'InitiateSession', 'AcceptGrant', 'ErrorResponse']);
  if (kind === 'both') [h.namespace, h.name] = pick([['Alexa.Video', 'Play'], ['Alexa.SmartVision.ObjectDetectionSensor', 'Detect'], ['Alexa', 'Discover']]);
  if (kind === 'version') h.payloadVersion = pick(['2', '3.0', ' 3', '4', 'three']);
  if (kind === 'case') h.name = String(h.name).toLowerCase();
  return { label: `${name}: ${kind} -> ${h.namespace}.${h.name} v${h.payloadVersion}`, input: d, expected: 'INVALID_DIRECTIVE', runtime: 'main' };
}

function badSdp(random: () => number, w: FuzzSetup): MalformedCase {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const d = directive('initiate-session-with-offer', { token: w.token, endpointId: w.ownEndpoint });
  const offer = d.directive.payload.offer as Mutable;
  const base = String(offer.value);
  const kind = pick(['huge', 'binary', 'nul', 'not-sdp', 'format', 'empty', 'bytes'] as const);
  if (kind === 'huge') offer.value = base + `a=x-pad:${'A'.repeat(64 * 1024 + Math.floor(random() * 200_000))}\r\n`;
  if (kind === 'binary') offer.value = base + Array.from({ length: 64 }, () => String.fromCharCode(Math.floor(random() * 32))).join('');
  if (kind === 'nul') offer.value = base.replace('\r\n', '\u0000\r\n');
  if (kind === 'not-sdp') offer.value = pick(['hello', Buffer.from(base).toString('base64'), JSON.stringify({ type: 'offer', sdp: base }), '<sdp/>']);
  if (kind === 'format') offer.format = pick(['sdp', 'JSEP', '', 'SDP ']);
  if (kind === 'empty') offer.value = '';
  if (kind === 'bytes') offer.value = [...Buffer.from(base.slice(0, 200))];
  return { label: `initiate: ${kind} SDP`, input: d, expected: 'INVALID_DIRECTIVE', runtime: 'main' };
}

function wrongTarget(random: () => number, w: FuzzSetup): MalformedCase {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const name = pick(ENDPOINT_DIRECTIVES);
  const foreign = random() < 0.5;
  const endpointId = foreign ? w.foreignEndpoint : pick(['back-door', 'nope', `unknown-${Math.floor(random() * 1e6)}`, 'front-door-', 'FRONT-DOOR', 'a'.repeat(256)]);
  return { label: `${name}: ${foreign ? 'foreign' : 'unknown'} endpoint ${endpointId.slice(0, 30)}`, input: directive(name, { token: w.token, endpointId }), expected: 'NO_SUCH_ENDPOINT', runtime: 'main' };
}

function badToken(random: () => number, w: FuzzSetup): MalformedCase {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const name = pick(TOKEN_DIRECTIVES);
  const expired = random() < 0.4;
  const token = expired ? pick(w.expiredTokens) : pick(w.bogusTokens);
  return {
    label: `${name}: ${expired ? 'expired' : 'bogus'} token`,
    input: directive(name, { token, endpointId: w.ownEndpoint }),
    expected: expired ? 'EXPIRED_AUTHORIZATION_CREDENTIAL' : 'INVALID_AUTHORIZATION_CREDENTIAL',
    runtime: expired ? 'expired' : 'main',
  };
}

function unreachableCamera(random: () => number, w: FuzzSetup): MalformedCase {
  const garbage = random() < 0.7;
  const sessionId = garbage ? `${w.garbageSessionPrefix}${Math.floor(random() * w.garbageAnswers)}.${Math.floor(random() * 1e9)}` : undefined;
  const d = directive('initiate-session-with-offer', { token: w.token, endpointId: garbage ? w.ownEndpoint : w.offlineEndpoint, ...(sessionId ? { sessionId } : {}) });
  return { label: garbage ? `initiate: camera answers garbage ${sessionId}` : 'initiate: camera offline', input: d, expected: 'ENDPOINT_UNREACHABLE', runtime: 'main' };
}

function notADirective(random: () => number): MalformedCase {
  const inputs: unknown[] = [undefined, null, 0, 'directive', '{"directive":{}}', [], [{}], {}, { directive: null }, { directive: [] }, { directive: { header: 'x' } }, { header: {} }, new Uint8Array([0, 1, 2]), { directive: { header: { payloadVersion: '3' } } }];
  return { label: 'not a directive', input: inputs[Math.floor(random() * inputs.length)], expected: 'INVALID_DIRECTIVE', runtime: 'main' };
}

const FAMILIES = [
  [structural, 40],
  [wrongRouting, 12],
  [badSdp, 12],
  [wrongTarget, 12],
  [badToken, 12],
  [unreachableCamera, 8],
  [notADirective, 4],
] as const;

/** `count` malformed directives, the same ones for the same seed and world. */
export function malformedDirectives(seed: number, count: number, w: FuzzSetup): MalformedCase[] {
  const random = seededRandom(seed);
  const total = FAMILIES.reduce((s, [, weight]) => s + weight, 0);
  const out: MalformedCase[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    const family = FAMILIES.find(([, weight]) => (r -= weight) < 0)?.[0] ?? structural;
    out.push(family(random, w));
  }
  return out;
}

/** What the test master sends back for garbage session `i`: never a usable answer. */
export function garbageAnswer(i: number): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const all = [
    '%%%not base64%%%',
    b64('{"type":"answer","sdp":'),
    b64('not json at all'),
    b64(JSON.stringify({ type: 'offer', sdp: 'v=0\r\n' })),
    b64(JSON.stringify({ type: 'answer' })),
    b64(JSON.stringify({ type: 'answer', sdp: 42 })),
    b64(JSON.stringify({ type: 'answer', sdp: '' })),
    b64(JSON.stringify([1, 2, 3])),
    b64('null'),
    Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64'),
    '====',
    b64(JSON.stringify({ type: 'answer', sdp: 'not an sdp' })),
  ];
  return all[i % all.length]!;
}
export const GARBAGE_ANSWERS = 12;
