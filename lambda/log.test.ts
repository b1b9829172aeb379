import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, errorSummary, REDACTED } from './log.js';
import { LogCapture } from './testing/log-capture.js';
import { ECHO_SHOW_OFFER } from './testing/fixtures/index.js';

const capture = new LogCapture();
afterAll(() => capture.restore());

describe('the logger', () => {
  it('writes structured JSON with the keys it is given', () => {
    const start = capture.lines.length;
    createLogger().info('directive', { directive: 'Alexa.Discovery.Discover', elapsedMs: 12, outcome: 'Discover.Response' });
    const record = JSON.parse(capture.lines[start]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'INFO', message: 'directive', service: 'doorbell-skill', directive: 'Alexa.Discovery.Discover', elapsedMs: 12 });
  });

  it('blanks tokens, secrets, SDP and correlation tokens that reach a log record by mistake', () => {
    const start = capture.lines.length;
    createLogger().warn('oops', {
      accessToken: 'Atza|IwEBIabc',
      nested: { refresh_token: 'Atzr|IwEBIdef', client_secret: 'shh', correlationToken: 'corr-123' },
      offer: { format: 'SDP', value: ECHO_SHOW_OFFER },
      header: 'Bearer Atza|IwEBIxyz',
      note: `the camera said ${ECHO_SHOW_OFFER}`,
      count: 3,
    });
    const text = capture.lines.slice(start).join('\n');
    for (const secret of ['Atza|', 'Atzr|', 'shh', 'corr-123', 'v=0', 'a=fingerprint', 'IwEBI']) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
    expect(JSON.parse(text)).toMatchObject({ count: 3 });
  });

  it('summarises errors by name and a redacted message, without the stack', () => {
    const summary = errorSummary(new Error('token Atza|IwEBIabc refused'));
    expect(summary).toEqual({ error: 'Error', reason: `token ${REDACTED} refused` });
  });
});
