import { describe, expect, it } from 'vitest';
import { isAlexaClientId } from './client-kind.js';

describe('isAlexaClientId', () => {
  it('treats alexa.-prefixed sender ids as Alexa sessions and everything else as viewers', () => {
    expect(isAlexaClientId('alexa.amzn1.echo-api.session.abc_123')).toBe(true);
    expect(isAlexaClientId('viewer-42')).toBe(false);
    expect(isAlexaClientId('ALEXA.x')).toBe(false);
    expect(isAlexaClientId('xalexa.y')).toBe(false);
    expect(isAlexaClientId(undefined)).toBe(false);
  });
});
