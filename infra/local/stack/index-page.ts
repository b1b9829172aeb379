/**
 * The local stack's front page (`GET /`): the pages to open, in the order that tells the story,
 * and where each local service listens.
 */
import type { DoorbellItem } from '../../../contracts/tables.js';
import { escapeHtml } from '../../shared/http.js';

export interface IndexPageInput {
  doorbells: DoorbellItem[];
  users: { user: string; email: string }[];
  services: Record<string, string>;
  accessKeyId: string;
}

export function renderIndexPage(input: IndexPageInput): string {
  const q = (id: string): string => `?doorbell=${encodeURIComponent(id)}`;
  const doorbells = input.doorbells
    .map(
      (d) => `<tr>
        <td><strong>${escapeHtml(d.name)}</strong><br><code>${escapeHtml(d.endpointId)}</code></td>
        <td>${escapeHtml(d.ownerEmail)}</td>
        <td><a href="/camera/camera.html${q(d.endpointId)}">camera</a></td>
        <td><a href="/camera/doorbell.html${q(d.endpointId)}">press the doorbell</a></td>
        <td><a href="/camera/viewer.html${q(d.endpointId)}">viewer</a></td>
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
    <li>Open the <strong>camera</strong> page of <em>Front Door</em> (below) and allow the webcam and microphone. It becomes the doorbell's camera.</li>
    <li>Open the <strong>Echo Show</strong> as alice, press <em>Link the doorbell skill</em> and sign in as Alice at the local Login with Amazon. <em>Front Door</em> appears.</li>
    <li>Press <em>Show me</em> (video, Alexa's microphone off; tap to talk) or <em>Talk</em> (microphone on). <em>Hang up</em> ends the session on both sides.</li>
    <li>Open <strong>press the doorbell</strong> for <em>Front Door</em> and press: the Echo Show chimes and shows the feed for 15 seconds.</li>
    <li>Sign the Echo Show in as bob: he sees only his own doorbell, never Alice's.</li>
  </ol>
  <h2>Doorbells</h2>
  <table>
    <tr><th>Doorbell</th><th>Owner</th><th colspan="3">Pages</th></tr>
    ${doorbells}
  </table>
  <h2>Echo Show simulator</h2>
  <ul>
    ${echoShows}
  </ul>
  <h2>Local services</h2>
  <table>
    ${services}
  </table>
  <p class="note">Local AWS access key id: <code>${escapeHtml(input.accessKeyId)}</code>. Pages get short-lived credentials
  scoped to their doorbell from <code>/local/page-config/{endpointId}?role=camera|viewer|doorbell</code>. Health: <a href="/health">/health</a>.</p>
</body>
</html>`;
}
