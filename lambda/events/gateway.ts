import { send } from '../http/request.js';

/** POST of one event to Alexa's event gateway, `${gateway}/v3/events`, with the user's token as bearer. */
export type GatewayResult =
  | { kind: 'ACCEPTED'; status: number }
  | { kind: 'UNAUTHORIZED'; status: 401 }
  | { kind: 'FORBIDDEN'; status: 403 }
  | { kind: 'THROTTLED'; status: 429 }
  | { kind: 'FAILED'; status?: number };

export async function postEvent(gatewayUrl: string, accessToken: string, event: unknown, timeoutMs = 3000): Promise<GatewayResult> {
  let res: { status: number };
  try {
    res = await send(`${gatewayUrl}/v3/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
      timeoutMs,
      maxBytes: 64 * 1024,
    });
  } catch {
    return { kind: 'FAILED' };
  }
  if (res.status === 202 || res.status === 200) return { kind: 'ACCEPTED', status: res.status };
  if (res.status === 401) return { kind: 'UNAUTHORIZED', status: 401 };
  if (res.status === 403) return { kind: 'FORBIDDEN', status: 403 };
  if (res.status === 429) return { kind: 'THROTTLED', status: 429 };
  return { kind: 'FAILED', status: res.status };
}
