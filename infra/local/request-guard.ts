/**
 * The one origin policy of every local service: what a request must be before a service looks at
 * it, so that a web page open in another tab can do nothing to `npm start`. Every service binds
 * loopback, which keeps the network out but not the browser: any page can send requests to
 * 127.0.0.1. The guard refuses, before anything is read or changed:
 * - a Host that is not a loopback name with this server's port (421): a site that re-points its own
 *   name at 127.0.0.1 (DNS rebinding) sends its own name as the Host;
 * - an `Origin` that is not allowed (403), WebSocket upgrades included: browsers send Origin on
 *   every cross-origin fetch, every POST and every WebSocket, and a page cannot forge it; a request
 *   without one is a program (the AWS SDK in Node, curl), which still has to sign where the service
 *   signs. Where no page may call at all (`origins: []`), a request with any browser marker
 *   (`Origin`, `Sec-Fetch-Site`) is refused, a plain <img> too;
 * - a body of a type the service does not speak (415): `application/json` unless told, so no
 *   cross-site form or `text/plain` beacon (which need no CORS preflight) gets through;
 * - a body declared larger than the service takes (413);
 * - where the service serves pages (`pagesOnlyNavigatedTo`), anything another site's page makes the
 *   browser fetch that is not a top-level navigation (403): an <img>, a <script> or a no-cors GET
 *   carry no Origin, but every browser marks them `Sec-Fetch-Site: cross-site` (or `same-site`); an
 *   <iframe>, <object> or <embed> is a navigation too, told apart by its `Sec-Fetch-Dest`;
 * - no answer may be framed by any page (`X-Frame-Options`, `frame-ancestors`): no local page frames
 *   another, and a framed consent or Echo Show page could be clicked through by a page on top.
 * CORS headers go only to allowed origins, and only when the service asks for CORS at all.
 *
 * Applying it to a service is one line: `listen(guarded(options, handler))`, or `guard.refuse(req,
 * res)` at the top of a handler and `guard.refuseUpgrade(req)` for WebSockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../shared/http.js';

/** The origins a browser reaches a loopback server on this port at. */
export function loopbackOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}

export interface CorsOptions {
  methods: readonly string[];
  /** Request headers a page may send (SigV4's, content-type, ...); 'requested': whatever an allowed page's preflight asks for, as AWS's own endpoints answer. */
  headers: readonly string[] | 'requested';
  /** Response headers a page may read. */
  exposeHeaders?: readonly string[];
  maxAgeSeconds?: number;
}

export interface GuardOptions {
  /** The page origins that may call (CORS and WebSocket upgrades): the stack's own pages. Empty: no web page may. */
  origins: readonly string[] | (() => readonly string[]);
  /** Also allow the server's own origin (the sign-in form LWA serves posts back to itself). */
  allowOwnOrigin?: boolean;
  /** Answer preflights and add CORS headers for the allowed origins; absent: no CORS headers at all. */
  cors?: CorsOptions;
  /** Ports the Host may name besides the one the request arrived on (a server forwarding to this one keeps its Host). */
  alsoServedAt?: () => readonly number[];
  /**
   * Any port in a loopback Host (the name is still checked: DNS rebinding sends the site's name).
   * Only for a service that no browser may call and that verifies every request's signature, which
   * covers the Host: a program reaching it through a loopback forwarder signs the forwarder's port.
   */
  anyLoopbackPort?: boolean;
  /**
   * A service of pages: another site may link to it (a top-level navigation) but not make the browser
   * fetch anything from it in the background (Fetch Metadata: `Sec-Fetch-Site`, `Sec-Fetch-Mode`).
   */
  pagesOnlyNavigatedTo?: boolean;
  /** Media types a request body may have; default `application/json`. `null` in the list: a body without a content type (an AWS SDK's blob). */
  bodyTypes?: readonly (string | null)[] | 'any';
  /** Bodies declared larger are refused (413); the service's own reader still bounds a body sent without a length. */
  maxBodyBytes?: number;
  /** Writes a refusal in the service's own error shape; default `{error, message}` as JSON. */
  answer?: (res: ServerResponse, refusal: Refusal) => void;
}

export type RefusalCode = 'MISDIRECTED_REQUEST' | 'FORBIDDEN_ORIGIN' | 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE';

export interface Refusal {
  status: 421 | 403 | 415 | 413;
  code: RefusalCode;
  message: string;
}

export interface RequestGuard {
  /** Checks a request; when it must not be served, answers it (the service's shape) and returns true. Also answers CORS preflights. */
  refuse(req: IncomingMessage, res: ServerResponse): boolean;
  /** The refusal for a WebSocket upgrade (Host and Origin), or undefined when it may go on. */
  refuseUpgrade(req: IncomingMessage): Refusal | undefined;
  /** The CORS headers for this request's origin (none for an origin that is not allowed, or without CORS). */
  corsHeaders(req: IncomingMessage): Record<string, string>;
}

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i;
// Every browser sends Sec-Fetch-Site on every request, an <img> too; Node's fetch sends only Sec-Fetch-Mode.
const BROWSER_MARKERS = ['origin', 'sec-fetch-site'];
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

const refusal = (status: Refusal['status'], code: RefusalCode, message: string): Refusal => ({ status, code, message });

export function requestGuard(options: GuardOptions): RequestGuard {
  const bodyTypes = options.bodyTypes ?? ['application/json'];
  const pageOrigins = typeof options.origins === 'function' ? options.origins : () => options.origins as readonly string[];

  function allowedOrigin(req: IncomingMessage, origin: string): boolean {
    if (pageOrigins().includes(origin)) return true;
    return options.allowOwnOrigin === true && loopbackOrigins(req.socket.localPort ?? 0).includes(origin);
  }

  /** Host and Origin: what a WebSocket upgrade is checked for too. */
  function whoAsks(req: IncomingMessage): Refusal | undefined {
    const host = LOOPBACK_HOST.exec(req.headers.host ?? '');
    const port = host ? Number(host[2] ?? 80) : undefined;
    const portServed = options.anyLoopbackPort === true || port === req.socket.localPort || (options.alsoServedAt?.() ?? []).includes(port!);
    if (!host || !portServed) {
      return refusal(421, 'MISDIRECTED_REQUEST', `This local service answers only requests addressed to localhost, 127.0.0.1 or [::1] with its own port, not "${req.headers.host ?? ''}".`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigin(req, origin)) {
      return refusal(403, 'FORBIDDEN_ORIGIN', `Requests from web pages of ${origin} are refused: only the local stack's own pages may call this service.`);
    }
    const site = req.headers['sec-fetch-site'];
    const fromElsewhere = site === 'cross-site' || site === 'same-site';
    const dest = req.headers['sec-fetch-dest'];
    const navigation = req.headers['sec-fetch-mode'] === 'navigate' && BODYLESS.has((req.method ?? 'GET').toUpperCase()) && (dest === undefined || dest === 'document');
    if (options.pagesOnlyNavigatedTo && fromElsewhere && !navigation && origin === undefined) {
      return refusal(403, 'FORBIDDEN_ORIGIN', 'Another site\'s page may link here, not fetch from here.');
    }
    const noPageMayCall = pageOrigins().length === 0 && !options.allowOwnOrigin;
    if (noPageMayCall && BROWSER_MARKERS.some((h) => req.headers[h] !== undefined)) {
      return refusal(403, 'FORBIDDEN_ORIGIN', 'No web page may call this service: only programs on this machine (the AWS SDK, the AWS CLI).');
    }
    return undefined;
  }

  function whatIsSent(req: IncomingMessage): Refusal | undefined {
    const method = (req.method ?? 'GET').toUpperCase();
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody && BODYLESS.has(method)) return undefined;
    if (hasBody) {
      const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || null;
      // 'any': a store of blobs (an S3-compatible server) whose every request is signed, body type included.
      if (bodyTypes !== 'any' && !bodyTypes.includes(type)) {
        const named = bodyTypes.filter((t): t is string => t !== null);
        return refusal(415, 'UNSUPPORTED_MEDIA_TYPE', `A request body must be ${named.join(' or ')}${type ? `, not ${type}` : ''}.`);
      }
    }
    if (options.maxBodyBytes !== undefined && length !== undefined && Number(length) > options.maxBodyBytes) {
      return refusal(413, 'PAYLOAD_TOO_LARGE', `A request body may have at most ${options.maxBodyBytes} bytes.`);
    }
    return undefined;
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!options.cors || origin === undefined || !allowedOrigin(req, origin)) return {};
    return {
      'access-control-allow-origin': origin,
      ...(options.cors.exposeHeaders?.length ? { 'access-control-expose-headers': options.cors.exposeHeaders.join(', ') } : {}),
      vary: 'Origin',
    };
  }

  const answer = options.answer ?? ((res: ServerResponse, r: Refusal) => sendJson(res, r.status, { error: r.code, message: r.message }, { 'cache-control': 'no-store' }));
  const refuseWith = (res: ServerResponse, r: Refusal): true => {
    // The body is never read: the connection closes after the answer instead of draining an upload.
    res.setHeader('connection', 'close');
    answer(res, r);
    return true;
  };

  return {
    refuse(req, res) {
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('content-security-policy', "frame-ancestors 'none'");
      const refused = whoAsks(req);
      if (refused) return refuseWith(res, refused);
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        const method = String(req.headers['access-control-request-method']).toUpperCase();
        if (!options.cors || req.headers.origin === undefined || !options.cors.methods.includes(method)) {
          return refuseWith(res, refusal(403, 'FORBIDDEN_ORIGIN', 'This cross-origin request is not allowed.'));
        }
        res.writeHead(200, {
          ...corsHeaders(req),
          'access-control-allow-methods': options.cors.methods.join(', '),
          'access-control-allow-headers': options.cors.headers === 'requested' ? String(req.headers['access-control-request-headers'] ?? '') : options.cors.headers.join(', '),
          'access-control-max-age': String(options.cors.maxAgeSeconds ?? 600),
        });
        res.end();
        return true;
      }
      // An allowed page reads its refusal (a 415 or 413) like any other answer.
      for (const [k, v] of Object.entries(corsHeaders(req))) res.setHeader(k, v);
      const bad = whatIsSent(req);
      return bad ? refuseWith(res, bad) : false;
    },
    refuseUpgrade: whoAsks,
    corsHeaders,
  };
}

/** A handler behind the guard: the one line that applies the origin policy to a service. */
export function guarded(
  options: GuardOptions,
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> | void {
  const guard = requestGuard(options);
  return (req, res) => (guard.refuse(req, res) ? undefined : handler(req, res));
}
