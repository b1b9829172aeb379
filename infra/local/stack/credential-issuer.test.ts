import { describe, expect, it } from 'vitest';
import { CredentialIssuer, type IssuedCredentials } from './credential-issuer.js';
import { LOCAL_PAGE_ROLE_NAMES } from '../local-account.js';

function issuer(ttlSeconds = 3600) {
  const issued: IssuedCredentials[] = [];
  const it = new CredentialIssuer({ accountId: '000000000000', roleNames: LOCAL_PAGE_ROLE_NAMES, ttlSeconds, onIssue: (c) => issued.push(c) });
  return { it, issued };
}

describe('the local credential issuer (STS stand-in)', () => {
  it('issues temporary credentials that the device API sees as the doorbell’s role session', () => {
    const { it: sts, issued } = issuer();
    const creds = sts.issue('front-door', 'camera');
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.sessionToken).toBeTruthy();
    expect(Date.parse(creds.expiration!)).toBeGreaterThan(Date.now());
    const found = sts.lookup(creds.accessKeyId);
    expect(found?.secretAccessKey).toBe(creds.secretAccessKey);
    expect(found?.principalArn).toBe('arn:aws:sts::000000000000:assumed-role/doorbell-camera/front-door');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ endpointId: 'front-door', role: 'camera' });
  });

  it('gives every page its own credentials', () => {
    const { it: sts } = issuer();
    const a = sts.issue('front-door', 'camera');
    const b = sts.issue('front-door', 'camera');
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
  });

  it('forgets unknown and expired credentials', () => {
    const { it: sts } = issuer(0);
    const creds = sts.issue('garage', 'button');
    expect(sts.lookup(creds.accessKeyId)).toBeUndefined();
    expect(sts.lookup('ASIAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });
});
