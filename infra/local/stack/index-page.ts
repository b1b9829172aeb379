/**
 * The local stack's front page (`GET /`): the pages to open, in the order that tells the story,
 * and where each local service listens. A page is set up once on the setup page (one "Allow" at
 * the local Login with Amazon as alice or bob); after that its own address is enough.
 */
import type { DoorbellItem } from '../../../contracts/tables.js';
import { escapeHtml } from '../../shared/http.js';

export interface IndexPageInput {
  doorbells: DoorbellItem[];
  users: { user: string; email: string }[];
  services: Record<string, string>;
}

export function renderIndexPage(input: IndexPageInput): string {
  const doorbells = input.doorbells
    .map(
      (d) => `<tr>
        <td><strong>${escapeHtml(d.name)}</strong><br><code>${escapeHtml(d.endpointId)}</code></td>
        <td>${escapeHtml(d.ownerEmail)}</td>
      </tr>`,
    )
    .join('\n');
  const echoShows = input.users
    .map((u) => `<li><a href="/echo-show/?user=${encodeURIComponent(u.user)}">Echo Show signed in as ${escapeHtml(u.user)}</a> (${escapeHtml(u.email)})</li>`)
    .join('\n');
  const services = Object.entries(input.services)
    .map(([name, url]) => `<tr><td>${escapeHtml(name)}</td><td><code>${escapeHtml(url)}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Alexa video doorbell: local stack</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 960px; margin: 32px auto; padding: 0 20px; color: #1d2733; line-height: 1.5; }
    h1 { font-weight: 500; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 20px; }
    td, th { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
    ol li { margin-bottom: 8px; }
    code { background: #f2f4f7; padding: 1px 5px; border-radius: 4px; }
    .note { color: #5a6b7d; font-size: 14px; }
  </style>
</head>
<body>
  <h1>Alexa video doorbell, running locally</h1>
  <p>Everything on this machine: the skill's Lambda bundle, a local Kinesis Video Streams signaling service,
  DynamoDB (dynalite), Login with Amazon, Alexa and its event gateway. No account is used.</p>
  <h2>Try it</h2>
  <ol>
    <li><a href="/camera/setup.html"><strong>Set up a device</strong></a>: sign in as alice at the local Login with Amazon (one "Allow"), pick her doorbell and <em>camera</em>, and allow the webcam and microphone. This tab becomes the doorbell's camera; it starts by itself from then on.</li>
    <li>Open the <strong>Echo Show</strong> as alice, press <em>Link the doorbell skill</em> and sign in as Alice at the local Login with Amazon. <em>Doorbell</em> appears.</li>
    <li>Press <em>Show me</em> (video, Alexa's microphone off; tap to talk) or <em>Talk</em> (microphone on). <em>Hang up</em> ends the session on both sides.</li>
    <li>Set up another tab as the <strong>doorbell button</strong> (or a <strong>viewer</strong>) the same way and press: the Echo Show chimes and shows the feed for 15 seconds.</li>
    <li>Sign the Echo Show in as bob: he sees only his own doorbell, never Alice's.</li>
  </ol>
  <h2>Doorbells</h2>
  <table>
    <tr><th>Doorbell</th><th>Owner</th></tr>
    ${doorbells}
  </table>
  <p>Pages, once set up on this browser: <a href="/camera/camera.html">camera</a>, <a href="/camera/doorbell.html">doorbell button</a>, <a href="/camera/viewer.html">viewer</a>.</p>
  <h2>Echo Show simulator</h2>
  <ul>
    ${echoShows}
  </ul>
  <h2>Local services</h2>
  <table>
    ${services}
  </table>
  <p class="note">A set-up page holds a device grant, never a credential in its address; it exchanges the grant at the
  device access API for short-lived credentials of its page role (camera, doorbell button, viewer) from the local STS,
  and renews them itself. Health: <a href="/health">/health</a>.</p>
</body>
</html>`;
}
