import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { restApiCredentials } from './credentials.js';

describe('restApiCredentials (TURN REST API, coturn use-auth-secret)', () => {
  it('names the expiry in Unix seconds and the client, and signs that name with HMAC-SHA1 of the secret', () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    const { username, password } = restApiCredentials('shared-secret', 'viewer-1', 300, now);
    expect(username).toBe(`${now / 1000 + 300}:viewer-1`);
    expect(password).toBe(createHmac('sha1', 'shared-secret').update(username).digest('base64'));
    expect(Buffer.from(password, 'base64')).toHaveLength(20);
  });

  it('keeps the name to characters a TURN user name can carry, and differs per secret', () => {
    expect(restApiCredentials('s', 'alexa.amzn1:session/1', 60, 0).username).toBe('60:alexa.amzn1_session_1');
    expect(restApiCredentials('a', 'x', 60, 0).password).not.toBe(restApiCredentials('b', 'x', 60, 0).password);
  });
});
