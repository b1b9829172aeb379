/**
 * One HTTP(S) request with a deadline, on node:http/https. The skill's own calls (LWA, the event
 * gateway) use this rather than global fetch: the AWS SDK loads node:http anyway, while the first
 * fetch in a process loads undici, which costs a cold start tens of milliseconds.
 */
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';

export interface HttpResponse {
  status: number;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bodies beyond this are cut off (and the request failed): nobody the skill calls answers that much. */
  maxBytes?: number;
}

// Keep-alive: a warm Lambda reuses its connections to LWA and the gateway.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export class HttpRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

export function send(url: string, opts: RequestOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new HttpRequestError('bad URL'));
    }
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') return reject(new HttpRequestError('unsupported protocol'));
    if (opts.signal?.aborted) return reject(new HttpRequestError('aborted'));
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = (secure ? httpsRequest : httpRequest)(target, { method: opts.method ?? 'GET', headers, agent: secure ? agents.https : agents.http });
    const maxBytes = opts.maxBytes ?? 1024 * 1024;
    const fail = (why: string) => {
      cleanup();
      req.destroy();
      reject(new HttpRequestError(why));
    };
    const timer = setTimeout(() => fail('timeout'), opts.timeoutMs);
    const onAbort = () => fail('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    req.on('error', () => fail('network error'));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return fail('response too large');
        chunks.push(c);
      });
      res.on('error', () => fail('network error'));
      res.on('end', () => {
        cleanup();
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(opts.body);
  });
}
