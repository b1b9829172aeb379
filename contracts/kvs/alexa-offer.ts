/**
 * The convention between the skill and the camera page on KVS `SendAlexaOfferToMaster`: the sender
 * client id says the offer is Alexa's, and the payloads are base64 of `{"type":"offer"|"answer","sdp":...}`
 * (the SDP message every KVS signaling client speaks).
 */
import { decodeBase64, encodeBase64 } from '../base64.js';

/** Sender ids starting with this are Alexa sessions; every other sender is an ordinary KVS viewer. */
export const ALEXA_CLIENT_ID_PREFIX = 'alexa.';

/** `alexa.` + the session id with characters KVS does not allow replaced by `_`, at most 256 characters (KVS's limit). */
export function alexaSenderClientId(sessionId: string): string {
  return `${ALEXA_CLIENT_ID_PREFIX}${sessionId.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 256);
}

export function isAlexaClientId(clientId: string | undefined): boolean {
  return typeof clientId === 'string' && clientId.startsWith(ALEXA_CLIENT_ID_PREFIX);
}

export type SdpMessageType = 'offer' | 'answer';

export function encodeSdpMessage(type: SdpMessageType, sdp: string): string {
  return encodeBase64(JSON.stringify({ type, sdp }));
}

/**
 * The longest message payload KVS accepts, in characters of the base64 text: `MessagePayload` of
 * SendAlexaOfferToMaster, and every message on the signaling WebSocket, the master's answer to an
 * Alexa offer included. KVS refuses a longer one, and Alexa then gets no answer at all.
 */
export const MAX_MESSAGE_PAYLOAD_CHARS = 10_000;

/** The largest SDP either side accepts (Alexa's offer in the directive, the camera's answer). */
export const MAX_SDP_BYTES = 64 * 1024;
/** An SDP starts with its version line. */
export const SDP_START = /^v=0\r?\n/;
/** Printable text with CR/LF/TAB only: an SDP with NULs or other control bytes is not an SDP. */
export const SDP_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export type SdpMessageProblem = 'NOT_BASE64' | 'NOT_JSON' | 'NOT_SDP' | 'CONTROL_CHARACTERS';

/**
 * Reads a payload of the expected type. Anything else (not base64, not JSON, another type, not an
 * SDP, or an SDP with control bytes) says the peer misbehaved.
 */
export function decodeSdpMessage(payload: string, type: SdpMessageType): { sdp: string } | { problem: SdpMessageProblem } {
  if (payload.length > (MAX_SDP_BYTES * 4) / 3 + 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return { problem: 'NOT_BASE64' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeBase64(payload));
  } catch {
    return { problem: 'NOT_JSON' };
  }
  const message = parsed as { type?: unknown; sdp?: unknown } | null;
  const sdp = message?.sdp;
  if (message?.type !== type || typeof sdp !== 'string' || !SDP_START.test(sdp)) return { problem: 'NOT_SDP' };
  if (SDP_CONTROL_CHARACTERS.test(sdp)) return { problem: 'CONTROL_CHARACTERS' };
  return { sdp };
}
