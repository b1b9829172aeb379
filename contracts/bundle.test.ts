import { describe, expect, it } from 'vitest';
import { BUNDLE_EXPORTS, lambdaHandler } from './bundle.js';

describe('the bundle entry points', () => {
  it('are four exports of index.mjs, named as Lambda handlers index.<export>', () => {
    expect(Object.values(BUNDLE_EXPORTS)).toEqual(['handler', 'deviceHandler', 'accessHandler', 'healthCheckHandler']);
    expect(lambdaHandler(BUNDLE_EXPORTS.accessApi)).toBe('index.accessHandler');
  });
});
