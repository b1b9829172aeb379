import { describe, expect, it } from 'vitest';
import { DEVICE_API_ROUTES, deviceApiAllows, deviceApiPath, matchDeviceApiPath, type DeviceApiRoute } from './routes.js';

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

describe('device API roles', () => {
  it('give the camera every route, the button the doorbell and the press, the viewer the doorbell only', () => {
    const table = Object.fromEntries((Object.keys(DEVICE_API_ROUTES) as DeviceApiRoute[]).map((r) => [r, (['camera', 'button', 'viewer'] as const).filter((role) => deviceApiAllows(r, role))]));
    expect(table).toEqual({ doorbell: ['camera', 'button', 'viewer'], status: ['camera'], press: ['camera', 'button'] });
  });
});
