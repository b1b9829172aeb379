import { describe, expect, it } from 'vitest';
import { SignalingHub, type Peer } from './signaling-hub.js';

// The hub's own routing and TTL logic, with a clock the test moves (no waiting on real TTLs).
class FramePeer implements Peer {
  readonly frames: Record<string, unknown>[] = [];
  constructor(readonly role: 'MASTER' | 'VIEWER', readonly clientId = '') {}
  send(frame: string): void {
    this.frames.push(JSON.parse(frame) as Record<string, unknown>);
  }
}

const ARN = 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/hub/1';

describe('SignalingHub', () => {
  it('drops a queued message once the channel message TTL has passed', () => {
    let now = 1_000_000;
    const hub = new SignalingHub<FramePeer>(() => now);
    const viewer = new FramePeer('VIEWER', 'v1');
    hub.attach(ARN, viewer);
    hub.fromViewer(ARN, viewer, 'SDP_OFFER', 'b2ZmZXI=', 5000);
    now += 4000;
    hub.fromViewer(ARN, viewer, 'ICE_CANDIDATE', 'Y2FuZA==', 5000);
    now += 2000;
    const master = new FramePeer('MASTER');
    hub.attach(ARN, master);
    expect(master.frames).toEqual([{ messageType: 'ICE_CANDIDATE', messagePayload: 'Y2FuZA==', senderClientId: 'v1' }]);
  });

  it('withdraws an unanswered Alexa offer when its request times out, so a later master never sees it', async () => {
    const hub = new SignalingHub<FramePeer>();
    const answer = await hub.sendAlexaOffer(ARN, 'alexa.s1', 'b2ZmZXI=', { ttlMs: 60_000, timeoutMs: 20 });
    expect(answer).toBeNull();
    const master = new FramePeer('MASTER');
    hub.attach(ARN, master);
    expect(master.frames).toEqual([]);
  });

  it('resolves an Alexa offer with the master answer and ignores candidates addressed to Alexa', async () => {
    const hub = new SignalingHub<FramePeer>();
    const master = new FramePeer('MASTER');
    hub.attach(ARN, master);
    const pending = hub.sendAlexaOffer(ARN, 'alexa.s2', 'b2ZmZXI=', { ttlMs: 60_000, timeoutMs: 5000 });
    expect(master.frames).toEqual([{ messageType: 'SDP_OFFER', messagePayload: 'b2ZmZXI=', senderClientId: 'alexa.s2' }]);
    hub.fromMaster(ARN, 'ICE_CANDIDATE', 'Y2FuZA==', 'alexa.s2', 60_000);
    hub.fromMaster(ARN, 'SDP_ANSWER', 'YW5zd2Vy', 'alexa.s2', 60_000);
    await expect(pending).resolves.toBe('YW5zd2Vy');
  });

  it('gives a second offer from the same Alexa session the answer, and the first one null', async () => {
    const hub = new SignalingHub<FramePeer>();
    const master = new FramePeer('MASTER');
    hub.attach(ARN, master);
    const first = hub.sendAlexaOffer(ARN, 'alexa.s3', 'MQ==', { ttlMs: 60_000, timeoutMs: 5000 });
    const second = hub.sendAlexaOffer(ARN, 'alexa.s3', 'Mg==', { ttlMs: 60_000, timeoutMs: 5000 });
    hub.fromMaster(ARN, 'SDP_ANSWER', 'YQ==', 'alexa.s3', 60_000);
    await expect(first).resolves.toBeNull();
    await expect(second).resolves.toBe('YQ==');
  });
});

describe('SignalingHub queues for absent viewers', () => {
  it('delivers what is still within the TTL and forgets the rest', () => {
    let now = 0;
    const hub = new SignalingHub<FramePeer>(() => now);
    hub.fromMaster(ARN, 'SDP_ANSWER', 'b2xk', 'gone-viewer', 5000);
    now += 6000;
    hub.fromMaster(ARN, 'SDP_ANSWER', 'bmV3', 'late-viewer', 5000);
    const gone = new FramePeer('VIEWER', 'gone-viewer');
    const late = new FramePeer('VIEWER', 'late-viewer');
    hub.attach(ARN, gone);
    hub.attach(ARN, late);
    expect(gone.frames).toEqual([]);
    expect(late.frames).toEqual([{ messageType: 'SDP_ANSWER', messagePayload: 'bmV3' }]);
  });
});
