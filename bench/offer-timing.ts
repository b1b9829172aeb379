/**
 * Server-side time of each SendAlexaOfferToMaster answered by a KVS emulator in this process, request
 * in to response out, read from its HTTP server through node:diagnostics_channel: the emulator needs
 * no hook of its own for the benchmark.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/** Starts recording; the returned array grows by one entry per offer answered from now on. */
export function recordAlexaOfferTimes(): number[] {
  const times: number[] = [];
  const started = new WeakMap<IncomingMessage, number>();
  subscribe('http.server.request.start', (m) => {
    const { request } = m as { request: IncomingMessage };
    if (request.url?.startsWith('/v1/send-alexa-offer-to-master')) started.set(request, performance.now());
  });
  subscribe('http.server.response.finish', (m) => {
    const t = started.get((m as { request: IncomingMessage }).request);
    if (t !== undefined) times.push(performance.now() - t);
  });
  return times;
}
