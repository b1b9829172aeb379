import { createHash } from 'node:crypto';

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent also leaves !'()* alone. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The canonical URI of every service but S3: the path as sent, dot-segments removed, then
 * encoded once more (AWS SDKs double-encode).
 */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = `/${segments.join('/')}${trailing}`;
  return uriEscape(normalized).replace(/%2F/g, '/');
}

export type QueryPairs = [string, string][];

/** Parses a raw query string into decoded pairs, keeping order and repeated keys. */
export function parseQuery(rawQuery: string): QueryPairs {
  if (rawQuery === '') return [];
  return rawQuery.split('&').filter((p) => p !== '').map((part) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    return [decodeComponent(key), decodeComponent(value)];
  });
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

export function canonicalQuery(pairs: QueryPairs, exclude?: string): string {
  return pairs
    .filter(([k]) => k !== exclude)
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export type HeaderMap = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    return Array.isArray(v) ? v.join(',') : v;
  }
  return undefined;
}

/** The canonical headers block (each line newline-terminated) for the signed header names. */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: string[]): string | undefined {
  let out = '';
  for (const name of signedHeaders) {
    const value = headerValue(headers, name);
    if (value === undefined) return undefined;
    out += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  return out;
}
