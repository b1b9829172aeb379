import { describe, expect, it } from 'vitest';
import { ErrorResponseShape } from './testing/skill-messages.js';
import { directive } from './testing/fixtures/index.js';
import { LogCapture } from './testing/log-capture.js';

const logs = new LogCapture();

// A broken configuration: the entry points must still answer, not throw.
process.env.ANSWER_DEADLINE_MS = 'not-a-number';
const { handler, deviceHandler } = await import('./index.js');

describe('the Lambda entry points with a broken configuration', () => {
  it('handler answers INTERNAL_ERROR', async () => {
    const res = await handler(directive('discover'));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INTERNAL_ERROR');
    expect(logs.records().find((r) => r.message === 'skill misconfigured')).toMatchObject({ reason: expect.stringContaining('ANSWER_DEADLINE_MS') });
  });

  it('deviceHandler answers 500 INTERNAL_ERROR', async () => {
    const res = await deviceHandler({ rawPath: '/v1/doorbells/x' });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'INTERNAL_ERROR' });
  });
});
