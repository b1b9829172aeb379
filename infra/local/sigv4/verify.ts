import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  headerValue,
  parseQuery,
  sha256Hex,
  type HeaderMap,
  type QueryPairs,
} from './canonical.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_SHA256 = sha256Hex('');
const MAX_PRESIGN_EXPIRES_S = 604_800;

export interface SigV4Request {
  method: string;
  /** Path as sent on the wire (still percent-encoded); a `?query` tail is split off. */
  path: string;
  /** Raw query string (no leading `?`) or already-decoded parameters. */
  query?: string | Record<string, string | string[] | undefined>;
  headers: HeaderMap;
  body?: string | Uint8Array;
}

export interface StoredCredentials {
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface VerifyOptions {
  service: string;
  /** When set, the credential scope must name this region. */
  region?: string;
  lookupCredentials(accessKeyId: string): StoredCredentials | undefined;
  now?: Date;
  /** Default 5 minutes, as AWS allows. */
  allowedClockSkewMs?: number;
  /**
   * S3's own rules: the canonical URI is the path as sent (encoded once, never normalised), a
   * presigned request's payload is UNSIGNED-PAYLOAD, and a header-signed one declares its payload
   * hash in x-amz-content-sha256.
   */
  s3?: boolean;
}

export interface VerifySuccess {
  ok: true;
  accessKeyId: string;
  region: string;
  service: string;
  signedAt: Date;
  presigned: boolean;
  sessionToken?: string;
}

export interface VerifyFailure {
  ok: false;
  /** AWS error code, e.g. `InvalidSignatureException`. */
  errorType: string;
  message: string;
  status: number;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken: string | undefined;
  presigned: boolean;
  expiresS: number | undefined;
}

const fail = (errorType: string, message: string, status = 403): VerifyFailure => ({ ok: false, errorType, message, status });

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Verifies an AWS Signature Version 4 request, signed in the Authorization header or presigned
 * in the query, by recomputing the signature with the stored secret.
 */
export function verifySigV4(request: SigV4Request, opts: VerifyOptions): VerifyResult {
  const { path, pairs } = splitTarget(request);
  const parsed = parseAuthorization(request.headers, pairs);
  if (!('accessKeyId' in parsed)) return parsed;

  if (opts.region !== undefined && parsed.region !== opts.region) {
    return fail('InvalidSignatureException', `Credential should be scoped to a valid region. `);
  }
  if (parsed.service !== opts.service) {
    return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${opts.service}'. `);
  }
  const signedAt = parseAmzDate(parsed.amzDate);
  if (!signedAt) return fail('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'.`, 400);
  if (parsed.amzDate.slice(0, 8) !== parsed.date) {
    return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${parsed.amzDate.slice(0, 8)}'`);
  }
  if (!parsed.signedHeaders.includes('host')) {
    return fail('IncompleteSignatureException', `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`, 400);
  }

  const timeFailure = checkTime(parsed, signedAt, opts.now ?? new Date(), opts.allowedClockSkewMs ?? 5 * 60_000);
  if (timeFailure) return timeFailure;

  const stored = opts.lookupCredentials(parsed.accessKeyId);
  if (!stored) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if ((stored.sessionToken ?? '') !== (parsed.sessionToken ?? '')) {
    return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (stored.expiration && stored.expiration.getTime() <= (opts.now ?? new Date()).getTime()) {
    return fail('ExpiredTokenException', 'The security token included in the request is expired');
  }

  const payloadHash = opts.s3 && parsed.presigned ? 'UNSIGNED-PAYLOAD' : payloadHashOf(request, parsed.presigned);
  if (typeof payloadHash !== 'string') return payloadHash;
  const headersBlock = canonicalHeaders(request.headers, parsed.signedHeaders);
  if (headersBlock === undefined) return fail('InvalidSignatureException', SIGNATURE_MISMATCH);

  const canonicalRequest = [
    request.method.toUpperCase(),
    opts.s3 ? path : canonicalPath(path),
    canonicalQuery(pairs, parsed.presigned ? 'X-Amz-Signature' : undefined),
    headersBlock,
    parsed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = signingKey(stored.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const signature = createHmac('sha256', expected).update(stringToSign).digest();
  const provided = Buffer.from(parsed.signature, 'hex');
  if (provided.length !== signature.length || !timingSafeEqual(provided, signature)) {
    return fail('InvalidSignatureException', SIGNATURE_MISMATCH);
  }
  return {
    ok: true,
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    service: parsed.service,
    signedAt,
    presigned: parsed.presigned,
    ...(parsed.sessionToken ? { sessionToken: parsed.sessionToken } : {}),
  };
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

function splitTarget(request: SigV4Request): { path: string; pairs: QueryPairs } {
  const q = request.path.indexOf('?');
  const path = q < 0 ? request.path : request.path.slice(0, q);
  const pairs: QueryPairs = q < 0 ? [] : parseQuery(request.path.slice(q + 1));
  if (typeof request.query === 'string') {
    pairs.push(...parseQuery(request.query.replace(/^\?/, '')));
  } else if (request.query) {
    for (const [k, v] of Object.entries(request.query)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) pairs.push([k, one]);
    }
  }
  return { path: path === '' ? '/' : path, pairs };
}

function queryParam(pairs: QueryPairs, name: string): string | undefined {
  return pairs.find(([k]) => k === name)?.[1];
}

function parseAuthorization(headers: HeaderMap, pairs: QueryPairs): ParsedAuth | VerifyFailure {
  const header = headerValue(headers, 'authorization');
  if (header !== undefined) return parseHeaderAuth(header, headers);
  if (queryParam(pairs, 'X-Amz-Signature') !== undefined || queryParam(pairs, 'X-Amz-Credential') !== undefined) {
    return parseQueryAuth(pairs);
  }
  return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

function parseCredential(credential: string): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

function parseHeaderAuth(header: string, headers: HeaderMap): ParsedAuth | VerifyFailure {
  const incomplete = (what: string) =>
    fail('IncompleteSignatureException', `Authorization header requires '${what}' parameter. Authorization=${header.split(' ')[0] ?? ''}`, 400);
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== ALGORITHM) {
    return fail('IncompleteSignatureException', `Unsupported authorization type: '${header.split(' ')[0] ?? ''}'`, 400);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential) return incomplete('Credential');
  if (!signedHeaders) return incomplete('SignedHeaders');
  if (!signature) return incomplete('Signature');
  const scope = parseCredential(credential);
  if (!scope) return fail('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`, 400);
  const amzDate = headerValue(headers, 'x-amz-date');
  if (amzDate === undefined) return fail('IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`, 400);
  return {
    ...scope,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    sessionToken: headerValue(headers, 'x-amz-security-token'),
    presigned: false,
    expiresS: undefined,
  };
}

function parseQueryAuth(pairs: QueryPairs): ParsedAuth | VerifyFailure {
  const get = (name: string) => queryParam(pairs, name);
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
    if (!get(name)) return fail('IncompleteSignatureException', `AWS query-string parameters must include '${name}'.`, 400);
  }
  if (get('X-Amz-Algorithm') !== ALGORITHM) {
    return fail('IncompleteSignatureException', `Unsupported algorithm '${get('X-Amz-Algorithm')}'.`, 400);
  }
  const scope = parseCredential(get('X-Amz-Credential')!);
  if (!scope) return fail('IncompleteSignatureException', 'Credential must have exactly 5 slash-delimited elements.', 400);
  const expiresRaw = get('X-Amz-Expires');
  const expiresS = expiresRaw === undefined ? undefined : Number(expiresRaw);
  if (expiresS !== undefined && (!Number.isInteger(expiresS) || expiresS < 0 || expiresS > MAX_PRESIGN_EXPIRES_S)) {
    return fail('IncompleteSignatureException', `X-Amz-Expires must be a non-negative integer of at most ${MAX_PRESIGN_EXPIRES_S} seconds.`, 400);
  }
  return {
    ...scope,
    signedHeaders: get('X-Amz-SignedHeaders')!.split(';'),
    signature: get('X-Amz-Signature')!,
    amzDate: get('X-Amz-Date')!,
    sessionToken: get('X-Amz-Security-Token'),
    presigned: true,
    expiresS,
  };
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function fmt(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function checkTime(parsed: ParsedAuth, signedAt: Date, now: Date, skewMs: number): VerifyFailure | undefined {
  const skewMin = Math.round(skewMs / 60_000);
  if (signedAt.getTime() > now.getTime() + skewMs) {
    return fail(
      'InvalidSignatureException',
      `Signature not yet current: ${parsed.amzDate} is still later than ${fmt(new Date(now.getTime() + skewMs))} (${fmt(now)} + ${skewMin} min.)`,
    );
  }
  if (parsed.presigned) {
    const expiresAt = signedAt.getTime() + (parsed.expiresS ?? MAX_PRESIGN_EXPIRES_S) * 1000;
    if (expiresAt < now.getTime()) {
      return fail('InvalidSignatureException', `Signature expired: ${fmt(new Date(expiresAt))} is now earlier than ${fmt(now)}`);
    }
    return undefined;
  }
  if (signedAt.getTime() < now.getTime() - skewMs) {
    return fail(
      'InvalidSignatureException',
      `Signature expired: ${parsed.amzDate} is now earlier than ${fmt(new Date(now.getTime() - skewMs))} (${fmt(now)} - ${skewMin} min.)`,
    );
  }
  return undefined;
}

function payloadHashOf(request: SigV4Request, presigned: boolean): string | VerifyFailure {
  const body = request.body ?? '';
  const actual = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
  if (presigned) return actual;
  const declared = headerValue(request.headers, 'x-amz-content-sha256');
  if (declared === undefined) return actual;
  if (declared === 'UNSIGNED-PAYLOAD') return declared;
  if (declared !== actual) {
    return fail('InvalidSignatureException', `The provided 'x-amz-content-sha256' header does not match what was computed.`, 400);
  }
  return declared;
}
