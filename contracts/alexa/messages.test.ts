import { describe, expect, it } from 'vitest';
import { checkEvent, checkResponse } from './check.js';

// Messages shaped like the examples of Amazon's interface references, with this doorbell's values.
const messageId = 'e2a1c8ff-1f4b-4f6a-9d0c-6f1f3a0c5e21';
const scope = { type: 'BearerToken', token: 'access-token-from-Amazon' };
const connectivity = { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' }, timeOfSample: '2026-02-03T16:20:50.52Z', uncertaintyInMilliseconds: 0 };

const doorbellPress = () => ({
  context: {},
  event: {
    header: { namespace: 'Alexa.DoorbellEventSource', name: 'DoorbellPress', messageId, payloadVersion: '3' },
    endpoint: { scope, endpointId: 'front-door' },
    payload: { cause: { type: 'PHYSICAL_INTERACTION' }, timestamp: '2026-02-03T16:20:50Z' },
  },
});

const discoverResponse = () => ({
  event: {
    header: { namespace: 'Alexa.Discovery', name: 'Discover.Response', payloadVersion: '3', messageId },
    payload: {
      endpoints: [
        {
          endpointId: 'front-door',
          manufacturerName: 'Sample Manufacturer',
          description: 'Video doorbell',
          friendlyName: 'Front Door',
          displayCategories: ['CAMERA', 'DOORBELL'],
          cookie: {},
          capabilities: [
            { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
            { type: 'AlexaInterface', interface: 'Alexa.RTCSessionController', version: '3', configuration: { isFullDuplexAudioSupported: true } },
            { type: 'AlexaInterface', interface: 'Alexa.DoorbellEventSource', version: '3', proactivelyReported: true },
            { type: 'AlexaInterface', interface: 'Alexa.EndpointHealth', version: '3', properties: { supported: [{ name: 'connectivity' }], proactivelyReported: true, retrievable: true } },
          ],
        },
      ],
    },
  },
});

const answer = () => ({
  event: {
    header: { namespace: 'Alexa.RTCSessionController', name: 'AnswerGeneratedForSession', messageId, correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==', payloadVersion: '3' },
    endpoint: { scope, endpointId: 'front-door' },
    payload: { answer: { format: 'SDP', value: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } },
  },
});

describe('the documented responses', () => {
  it('accept what the references show', () => {
    const stateReport = {
      event: { header: { namespace: 'Alexa', name: 'StateReport', messageId, correlationToken: 'c', payloadVersion: '3' }, endpoint: { endpointId: 'front-door' }, payload: {} },
      context: { properties: [connectivity] },
    };
    const error = { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', messageId, correlationToken: 'c', payloadVersion: '3' }, endpoint: { endpointId: 'front-door' }, payload: { type: 'ENDPOINT_UNREACHABLE', message: 'Unreachable.' } } };
    const granted = { event: { header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', messageId, payloadVersion: '3' }, payload: {} } };
    const refused = { event: { header: { namespace: 'Alexa.Authorization', name: 'ErrorResponse', messageId, payloadVersion: '3' }, payload: { type: 'ACCEPT_GRANT_FAILED', message: 'No.' } } };
    for (const m of [discoverResponse(), answer(), stateReport, error, granted, refused]) expect(checkResponse(m), JSON.stringify(m.event.header)).toMatchObject({ ok: true });
  });

  it('refuse unknown keys, bad ids and answers without their correlation token', () => {
    const cases: [string, Record<string, any>][] = [
      ['a key the header does not have', { ...answer(), event: { ...answer().event, header: { ...answer().event.header, extra: 1 } } }],
      ['a messageId with an underscore', { ...answer(), event: { ...answer().event, header: { ...answer().event.header, messageId: 'a_b' } } }],
      ['no correlationToken', { ...answer(), event: { ...answer().event, header: { ...answer().event.header, correlationToken: undefined } } }],
      ['an SDP that is not one', { ...answer(), event: { ...answer().event, payload: { answer: { format: 'SDP', value: 'hello' } } } }],
      ['an endpointId with a space', (() => { const d = discoverResponse(); d.event.payload.endpoints[0]!.endpointId = 'front door'; return d; })()],
      ['an unknown capability key', (() => { const d: Record<string, any> = discoverResponse(); d.event.payload.endpoints[0].capabilities[2].retrievable = true; return d; })()],
      ['an error that echoes the scope', { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', messageId, payloadVersion: '3' }, endpoint: { scope, endpointId: 'x' }, payload: { type: 'INTERNAL_ERROR', message: '' } } }],
      ['an error type Alexa does not know', { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', messageId, payloadVersion: '3' }, payload: { type: 'OOPS', message: '' } } }],
      ['an unknown response', { event: { header: { namespace: 'Alexa', name: 'Response2', messageId, payloadVersion: '3' }, payload: {} } }],
    ];
    for (const [what, message] of cases) expect(checkResponse(message).ok, what).toBe(false);
  });
});

describe('the documented events', () => {
  it('accept a DoorbellPress and a connectivity ChangeReport, and summarise them', () => {
    expect(checkEvent(doorbellPress())).toEqual({ ok: true, summary: { namespace: 'Alexa.DoorbellEventSource', name: 'DoorbellPress', endpointId: 'front-door', scopeToken: scope.token } });
    const change = {
      context: { properties: [] },
      event: {
        header: { namespace: 'Alexa', name: 'ChangeReport', messageId, payloadVersion: '3' },
        endpoint: { scope, endpointId: 'front-door' },
        payload: { change: { cause: { type: 'PERIODIC_POLL' }, properties: [{ ...connectivity, value: { value: 'UNREACHABLE', reason: 'WIFI_OFFLINE' } }] } },
      },
    };
    expect(checkEvent(change)).toMatchObject({ ok: true });
  });

  it('need the scope that says whose they are, and a correlation token on asynchronous answers', () => {
    const { scope: _scope, ...unscoped } = doorbellPress().event.endpoint;
    expect(checkEvent({ ...doorbellPress(), event: { ...doorbellPress().event, endpoint: unscoped } })).toMatchObject({ ok: false, description: expect.stringMatching(/^Invalid Alexa.DoorbellEventSource.DoorbellPress: event.endpoint.scope/) });
    expect(checkEvent(answer())).toMatchObject({ ok: true });
    expect(checkEvent({ ...answer(), event: { ...answer().event, header: { ...answer().event.header, correlationToken: undefined } } }).ok).toBe(false);
    expect(checkEvent({ not: 'a message' })).toEqual({ ok: false, description: 'The message is not an Alexa message: event.header.namespace and name are required.' });
  });
});

describe('motion and snapshots, as the Alexa.MotionSensor and Alexa.SmartVision.SnapshotProvider references show them', () => {
  const detection = (value: string) => ({ namespace: 'Alexa.MotionSensor', name: 'detectionState', value, timeOfSample: '2026-02-03T16:20:50.52Z', uncertaintyInMilliseconds: 0 });
  const changeReport = (value: string, cause = 'PHYSICAL_INTERACTION') => ({
    context: { properties: [connectivity] },
    event: {
      header: { namespace: 'Alexa', name: 'ChangeReport', messageId, payloadVersion: '3' },
      endpoint: { scope, endpointId: 'front-door' },
      payload: { change: { cause: { type: cause }, properties: [detection(value)] } },
    },
  });
  const snapshot = (payload: unknown, payloadVersion = '1.1') => ({
    event: {
      header: { namespace: 'Alexa.SmartVision.SnapshotProvider', name: 'Snapshot', messageId, correlationToken: 'c', payloadVersion },
      endpoint: { scope, endpointId: 'front-door' },
      payload,
    },
  });
  const uri = { value: 'https://abc.lambda-url.us-east-1.on.aws/v1/snapshots/x', expireTime: '2026-02-03T16:30:50Z' };

  it('accept a motion ChangeReport, discovery with both interfaces, and a Snapshot', () => {
    expect(checkEvent(changeReport('DETECTED'))).toMatchObject({ ok: true });
    expect(checkEvent(changeReport('NOT_DETECTED'))).toMatchObject({ ok: true });
    const discover = discoverResponse();
    discover.event.payload.endpoints[0]!.capabilities.push(
      { type: 'AlexaInterface', interface: 'Alexa.MotionSensor', version: '3', properties: { supported: [{ name: 'detectionState' }], proactivelyReported: true, retrievable: true } } as never,
      { type: 'AlexaInterface', interface: 'Alexa.SmartVision.SnapshotProvider', version: '1.1' } as never,
    );
    expect(checkResponse(discover)).toMatchObject({ ok: true });
    expect(checkResponse(snapshot({ uri }))).toMatchObject({ ok: true });
    const stateReport = {
      event: { header: { namespace: 'Alexa', name: 'StateReport', messageId, correlationToken: 'c', payloadVersion: '3' }, endpoint: { endpointId: 'front-door' }, payload: {} },
      context: { properties: [connectivity, detection('NOT_DETECTED')] },
    };
    expect(checkResponse(stateReport)).toMatchObject({ ok: true });
    const snapshotError = { event: { header: { namespace: 'Alexa.SmartVision.SnapshotProvider', name: 'ErrorResponse', messageId, correlationToken: 'c', payloadVersion: '1.1' }, endpoint: { endpointId: 'front-door' }, payload: { type: 'DISABLED_BY_USER', message: 'Off.' } } };
    expect(checkResponse(snapshotError)).toMatchObject({ ok: true });
  });

  it('refuse a detection state, a version or a payload the references do not have', () => {
    expect(checkEvent(changeReport('MOVING'))).toMatchObject({ ok: false });
    expect(checkEvent({ ...changeReport('DETECTED'), event: { ...changeReport('DETECTED').event, payload: { change: { cause: { type: 'SOMETHING' }, properties: [detection('DETECTED')] } } } })).toMatchObject({ ok: false });
    expect(checkResponse(snapshot({ uri }, '3'))).toMatchObject({ ok: false });
    expect(checkResponse(snapshot({ uri: uri.value }))).toMatchObject({ ok: false });
    expect(checkResponse(snapshot({ uri: { value: 'ftp://x', expireTime: uri.expireTime } }))).toMatchObject({ ok: false });
    expect(checkResponse(snapshot({ uri, extra: 1 }))).toMatchObject({ ok: false });
    const wrongVersion = discoverResponse();
    wrongVersion.event.payload.endpoints[0]!.capabilities.push({ type: 'AlexaInterface', interface: 'Alexa.SmartVision.SnapshotProvider', version: '3' } as never);
    expect(checkResponse(wrongVersion)).toMatchObject({ ok: false });
    const badError = { event: { header: { namespace: 'Alexa.SmartVision.SnapshotProvider', name: 'ErrorResponse', messageId, payloadVersion: '1.1' }, payload: { type: 'ENDPOINT_UNREACHABLE', message: 'x' } } };
    expect(checkResponse(badError)).toMatchObject({ ok: false });
  });
});
