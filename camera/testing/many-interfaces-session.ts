/**
 * Run by camera/many-interfaces.test.ts inside a namespace with many interfaces
 * (many-interfaces.ts): the camera-tests world with its coturn, the camera page in Chromium, and a
 * werift Echo Show whose offer comes through SendAlexaOfferToMaster. Prints what the answer carried,
 * what the page dropped and whether media flowed, as one line of JSON.
 */
import { encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';
import { candidatesIn, countCandidateTypes, parseCandidate } from '../sdp/candidates.js';
import { buildPagesForTest, startCameraWorld } from './camera-world.js';
import { launchChromium } from './chromium.js';
import { waitFor } from './wait-for.js';
import { WeriftPeer } from './werift-peer.js';

const DOORBELL = 'front-door';
const SENDER = 'echo-show-many-interfaces';

const pages = await buildPagesForTest();
const world = await startCameraWorld({ pages, doorbells: [DOORBELL] });
const browser = await launchChromium();
const peer = new WeriftPeer();
try {
  const camera = await browser.newPage();
  await world.setUp(camera, 'camera', DOORBELL);
  await waitFor(() => camera.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 20_000, 'the camera signaling to open');
  // The Echo Show's offer is small (a few candidates): werift's loopback ones stand for them.
  const offer = (await peer.offer()).split('\r\n').filter((l) => !l.startsWith('a=candidate:') || l.includes(' 127.0.0.1 ')).join('\r\n');
  const { answer, elapsedMs } = await world.sendOfferToMaster(DOORBELL, SENDER, offer);
  // The tests send packets to loopback addresses only: werift gets the answer as measured, minus
  // the candidates on the namespace's other interfaces, so it checks only the loopback ones.
  await peer.applyAnswer(answer.split('\r\n').filter((l) => !l.startsWith('a=candidate:') || / (127\.0\.0\.1|::1) /.test(l)).join('\r\n'));
  const session = await waitFor(
    () => camera.evaluate((id) => window.doorbellCamera!.sampleStats().then((l) => l.find((s) => s.clientId === id)), SENDER),
    (s) => (s?.stats?.audioPacketsReceived ?? 0) > 25 && peer.received.video.fuA > 0 && peer.received.audio.packets > 25,
    30_000,
    'media both ways',
  );
  const kept = candidatesIn(answer).map((c) => parseCandidate(c)!);
  const dropped = session!.answer!.dropped;
  process.stdout.write(
    JSON.stringify({
      elapsedMs: Math.round(elapsedMs),
      payloadChars: encodeSdpMessage('answer', answer).length,
      pagePayloadChars: session!.answer!.payloadChars,
      unprunedCandidates: kept.length + dropped.length,
      kept: countCandidateTypes(kept.map((c) => c.value)),
      keptAddresses: [...new Set(kept.map((c) => c.address))],
      dropped: dropped.map((d) => ({ reason: d.reason, address: parseCandidate(d.candidate)?.address, type: parseCandidate(d.candidate)?.type })),
      gatheringComplete: session!.answer!.gatheringComplete,
      connection: peer.connectionState(),
      weriftReceived: { audio: peer.received.audio.packets, video: peer.received.video.packets, fuA: peer.received.video.fuA },
      cameraReceivedAudio: session!.stats!.audioPacketsReceived,
      path: session!.stats!.path,
    }) + '\n',
  );
} finally {
  await peer.close().catch(() => undefined);
  await browser.close();
  await world.close();
  await pages.remove();
}
process.exit(0);
