/**
 * The camera side of the original sample's approach, for the benchmark only: a KVS master that, for
 * each offer, creates a new peer connection (no pre-gathering), adds the webcam, and sends its answer
 * only once ICE gathering has completed, however long that takes (no deadline). The H.264 fmtp fix-up
 * and the track directions (video sendonly, audio sendrecv) are the camera page's too, so media flows
 * the same way and only the answering strategy differs. Its grant (kept by the setup page), credentials, endpoints and
 * signing come from the camera's own modules.
 */
import '../../camera/browser-globals.js';
import { Role, SignalingClient } from 'amazon-kinesis-video-streams-webrtc';
import { GetIceServerConfigCommand, KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import { AccessApiClient } from '../../camera/access/access-api-client.js';
import { CredentialKeeper } from '../../camera/access/credential-keeper.js';
import { doorbellAccessOf } from '../../camera/access/doorbell-access.js';
import { openGrantStore } from '../../camera/access/grant-store.js';
import { loadSiteConfig } from '../../camera/access/site-config.js';
import { resolveChannelEndpoints } from '../../camera/kvs/channel.js';
import { signerFor } from '../../camera/kvs/signer.js';
import { addMissingH264Fmtp } from '../../camera/sdp/h264-offer.js';
import { attachLocalTracks } from '../../camera/sessions/local-tracks.js';
import { VIDEO_CONSTRAINTS } from '../../camera/media/local-media.js';

interface BaselineHandle {
  state: string;
  answers: { clientId: string; answerMs: number }[];
}
declare global {
  interface Window {
    baselineAnswerer?: BaselineHandle;
  }
}

async function main(): Promise<void> {
  const handle: BaselineHandle = { state: 'starting', answers: [] };
  window.baselineAnswerer = handle;
  // The pages' site config and this browser's camera grant, as the camera page reads them.
  const site = await loadSiteConfig(new URL('/camera/', location.href).toString());
  const store = openGrantStore();
  const record = await store.get('camera');
  if (!record) throw new Error('no camera grant in this browser');
  const keeper = new CredentialKeeper(record, { store, exchange: (grant) => new AccessApiClient(site.accessApiUrl).credentials(grant), locks: navigator.locks });
  const config = doorbellAccessOf(site, (await keeper.start()).doorbell, keeper);
  const stream = await navigator.mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS, audio: true });
  (document.getElementById('local') as HTMLVideoElement).srcObject = stream;
  const endpoints = await resolveChannelEndpoints(config, 'MASTER');
  const ice = await new KinesisVideoSignalingClient({ region: config.region, credentials: config.credentials, endpoint: endpoints.https }).send(
    new GetIceServerConfigCommand({ ChannelARN: config.channelArn }),
  );
  const iceServers: RTCIceServer[] = (ice.IceServerList ?? []).map((s) => ({ urls: s.Uris ?? [], ...(s.Username ? { username: s.Username, credential: s.Password } : {}) }));
  const signaling = new SignalingClient({
    channelARN: config.channelArn,
    channelEndpoint: endpoints.wss,
    region: config.region,
    role: Role.MASTER,
    requestSigner: signerFor(endpoints.wss, config),
  });
  const peers = new Map<string, RTCPeerConnection>();
  signaling.on('sdpOffer', async (offer: RTCSessionDescriptionInit, clientId: string) => {
    const started = performance.now();
    peers.get(clientId)?.close();
    const pc = new RTCPeerConnection({ iceServers });
    peers.set(clientId, pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: addMissingH264Fmtp(offer.sdp ?? '') });
    await attachLocalTracks(pc, stream);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    signaling.sendSdpAnswer(pc.localDescription!, clientId);
    handle.answers.push({ clientId, answerMs: Math.round(performance.now() - started) });
  });
  signaling.on('open', () => (handle.state = 'open'));
  signaling.on('close', () => (handle.state = 'closed'));
  signaling.open();
}

main().catch((e: unknown) => {
  window.baselineAnswerer = { state: `error: ${e instanceof Error ? e.message : String(e)}`, answers: [] };
});
