import { describe, expect, it } from 'vitest';
import { DEVICE_API_ROUTES, deviceApiPath, matchDeviceApiPath, type DeviceApiRoute } from './routes.js';

describe('device API paths', () => {
  it('are what the handler matches, for every route, with the endpointId URL-encoded and any prefix before them', () => {
    for (const route of Object.keys(DEVICE_API_ROUTES) as DeviceApiRoute[]) {
      const path = deviceApiPath('front door#1', route);
      expect(path).toBe(`/v1/doorbells/front%20door%231${DEVICE_API_ROUTES[route].suffix}`);
      expect(matchDeviceApiPath(`/prod${path}`)).toEqual({ encodedEndpointId: 'front%20door%231', suffix: DEVICE_API_ROUTES[route].suffix });
    }
  });

  it('match nothing else', () => {
    for (const path of ['/v1/doorbells', '/v1/doorbells/', '/v2/doorbells/x', '/v1/doorbells/x/ring', '/v1/doorbells/x/status/more']) expect(matchDeviceApiPath(path), path).toBeUndefined();
  });
});
