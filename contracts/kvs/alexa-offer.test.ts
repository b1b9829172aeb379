import { describe, expect, it } from 'vitest';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage, isAlexaClientId } from './alexa-offer.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=caméra\r\nt=0 0\r\n';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('the alexa. sender client id', () => {
  it('is alexa. + the session id with characters KVS refuses replaced, at most 256 characters', () => {
    expect(alexaSenderClientId('amzn1.echo-api.session:abc/123')).toBe('alexa.amzn1.echo-api.session_abc_123');
    expect(alexaSenderClientId('x'.repeat(300))).toHaveLength(256);
  });

  it('treats alexa.-prefixed sender ids as Alexa sessions and everything else as viewers', () => {
    expect(isAlexaClientId('alexa.amzn1.echo-api.session.abc_123')).toBe(true);
    expect(isAlexaClientId(alexaSenderClientId('any session'))).toBe(true);
    expect(isAlexaClientId('viewer-42')).toBe(false);
    expect(isAlexaClientId('ALEXA.x')).toBe(false);
    expect(isAlexaClientId('xalexa.y')).toBe(false);
    expect(isAlexaClientId(undefined)).toBe(false);
  });
});

describe('the SDP message payload', () => {
  it('is base64 of {"type","sdp"}, UTF-8 included, byte for byte what Buffer makes', () => {
    const encoded = encodeSdpMessage('offer', SDP);
    expect(encoded).toBe(b64(JSON.stringify({ type: 'offer', sdp: SDP })));
    expect(decodeSdpMessage(encoded, 'offer')).toEqual({ sdp: SDP });
  });

  it('names what is wrong with a payload that is not an SDP message of the expected type', () => {
    expect(decodeSdpMessage('not base64 !!!', 'answer')).toEqual({ problem: 'NOT_BASE64' });
    expect(decodeSdpMessage(b64('x'.repeat(100_000)), 'answer')).toEqual({ problem: 'NOT_BASE64' });
    expect(decodeSdpMessage(b64('{"type":"answer",'), 'answer')).toEqual({ problem: 'NOT_JSON' });
    expect(decodeSdpMessage(encodeSdpMessage('offer', SDP), 'answer')).toEqual({ problem: 'NOT_SDP' });
    expect(decodeSdpMessage(encodeSdpMessage('answer', 'hello'), 'answer')).toEqual({ problem: 'NOT_SDP' });
    expect(decodeSdpMessage(encodeSdpMessage('answer', 'v=0\r\n\u0000binary'), 'answer')).toEqual({ problem: 'CONTROL_CHARACTERS' });
  });
});
