/**
 * Smart Home API v3 directives, shaped as Alexa sends them to a skill's Lambda: a fresh
 * messageId each, payloadVersion "3", the user's access token as the bearer token (in
 * `payload.scope` for Discover, `endpoint.scope` for endpoint directives, `payload.grantee` for
 * AcceptGrant) and a correlationToken wherever Alexa expects an answer tied to the request.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Directive {
  directive: {
    header: {
      namespace: string;
      name: string;
      messageId: string;
      correlationToken?: string;
      /** "3"; Alexa.SmartVision.SnapshotProvider's is "1.1". */
      payloadVersion: '3' | '1.1';
    };
    endpoint?: {
      scope: { type: 'BearerToken'; token: string };
      endpointId: string;
      cookie: Record<string, string>;
    };
    payload: Record<string, unknown>;
  };
}

/** Alexa's correlation tokens are long opaque strings; only their echo matters. */
function correlationToken(): string {
  return randomBytes(48).toString('base64');
}

function header(namespace: string, name: string, correlated: boolean, payloadVersion: '3' | '1.1' = '3'): Directive['directive']['header'] {
  return {
    namespace,
    name,
    messageId: randomUUID(),
    ...(correlated ? { correlationToken: correlationToken() } : {}),
    payloadVersion,
  };
}

function endpoint(token: string, endpointId: string): NonNullable<Directive['directive']['endpoint']> {
  return { scope: { type: 'BearerToken', token }, endpointId, cookie: {} };
}

export function acceptGrant(grantCode: string, granteeToken: string): Directive {
  return {
    directive: {
      header: header('Alexa.Authorization', 'AcceptGrant', false),
      payload: {
        grant: { type: 'OAuth2.AuthorizationCode', code: grantCode },
        grantee: { type: 'BearerToken', token: granteeToken },
      },
    },
  };
}

export function discover(token: string): Directive {
  return {
    directive: {
      header: header('Alexa.Discovery', 'Discover', false),
      payload: { scope: { type: 'BearerToken', token } },
    },
  };
}

export function reportState(token: string, endpointId: string): Directive {
  return {
    directive: {
      header: header('Alexa', 'ReportState', true),
      endpoint: endpoint(token, endpointId),
      payload: {},
    },
  };
}

/** What the Alexa app sends when it shows the camera's tile: the latest picture (a doorbell's is event-driven). */
export function getSnapshot(token: string, endpointId: string): Directive {
  return {
    directive: {
      header: header('Alexa.SmartVision.SnapshotProvider', 'GetSnapshot', true, '1.1'),
      endpoint: endpoint(token, endpointId),
      payload: { preferOnDemandSnapshot: false },
    },
  };
}

export function initiateSessionWithOffer(token: string, endpointId: string, sessionId: string, sdp: string): Directive {
  return {
    directive: {
      header: header('Alexa.RTCSessionController', 'InitiateSessionWithOffer', true),
      endpoint: endpoint(token, endpointId),
      payload: { sessionId, offer: { format: 'SDP', value: sdp } },
    },
  };
}

export function sessionConnected(token: string, endpointId: string, sessionId: string): Directive {
  return {
    directive: {
      header: header('Alexa.RTCSessionController', 'SessionConnected', true),
      endpoint: endpoint(token, endpointId),
      payload: { sessionId },
    },
  };
}

export function sessionDisconnected(token: string, endpointId: string, sessionId: string): Directive {
  return {
    directive: {
      header: header('Alexa.RTCSessionController', 'SessionDisconnected', true),
      endpoint: endpoint(token, endpointId),
      payload: { sessionId },
    },
  };
}

/**
 * Alexa's RTC session ids are opaque; this one includes characters outside [A-Za-z0-9_.-] on
 * purpose, so the skill's sanitising of SenderClientId is exercised on every local session.
 */
export function newRtcSessionId(): string {
  return `amzn1.echo-api.session:${randomUUID()}`;
}
