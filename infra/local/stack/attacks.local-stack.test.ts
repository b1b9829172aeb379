/**
 * What a web page can do to `npm start`: nothing. The stack runs as `npm start` runs it
 * (presets.npmStart), a live camera page streams in headless Chromium, and in the same browser a page
 * from another loopback origin (http://127.0.0.2:<port>, a tiny static server here) tries what a
 * website in another tab could: read the KVS API, join the camera's signaling channel, drive the
 * local Alexa with a form or a text POST, read or rewrite the tables, get page credentials. Each
 * attack is shown failing, with nothing changed behind it, AND the same request from the stack's own
 * origin (or, where no page may call at all, from a program) working, so each check can fail.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetSignalingChannelEndpointCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../camera/testing/chromium.js';
import { waitFor } from '../../../camera/testing/wait-for.js';
import { setUpWithLink, signIn } from '../../../camera/testing/set-up-page.js';
import { PAGE_FILES, type PageRole } from '../../../contracts/page-roles.js';
import { LocalRequestSigner } from '../../../camera/kvs/local-request-signer.js';
import { DOORBELLS_TABLE, USERS_TABLE } from '../../../contracts/tables.js';
import { ACCESS_API_ROUTES } from '../../../contracts/access-api/routes.js';
import { enrollDevice, presets, setupLinkFor, type NpmStartWorld } from '../world/index.js';
import { newLocalCredentials } from '../local-account.js';
import { buildInto } from './build-into.js';

/** The pair the source used to document (a website could sign with it) and a fresh guess. */
const OLD_DOCUMENTED = { accessKeyId: 'LOCALDOORBELLKEY', secretAccessKey: 'local-doorbell-secret' };

let dist: string;
let dataDir: string;
let stack: NpmStartWorld;
let browser: Browser;
let attackerServer: Server;
/** The attacker's own "KVS endpoint" and "device API": it records whatever reaches it. */
let recorder: Server;
let recorderUrl: string;
const recorded: string[] = [];
let attackerOrigin: string;
let cameraContext: BrowserContext;
/** The live camera's tab. */
let cameraPage: Page;
/** A page of another origin, as a website in another tab. */
let attacker: Page;
/** A page of the stack's own origin (its index), where the stack's pages run. */
let own: Page;
let channelArn: string;
const lambdaLog: string[] = [];

interface Attempt {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** 'no-cors': the request a page may send anywhere without asking (the answer stays opaque). */
  mode?: 'cors' | 'no-cors';
}
/** What the page's script got: the answer it could read, or that the browser gave it none. */
type Outcome = { status: number; text: string } | { opaque: true } | { failed: string };

function attempt(page: Page, a: Attempt): Promise<Outcome> {
  return page.evaluate(async ({ url, method, headers, body, mode }) => {
    try {
      const res = await fetch(url, { method: method ?? 'POST', headers, body, mode: mode ?? 'cors', credentials: 'omit' });
      if (res.type === 'opaque') return { opaque: true as const };
      return { status: res.status, text: await res.text() };
    } catch (err) {
      return { failed: String(err) };
    }
  }, a);
}

/** SigV4 headers for a POST to `url` (the browser sets Host itself, to the same value). */
async function signed(url: string, service: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, body: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({ service, region: stack.account.region, credentials, sha256: Sha256 });
  const out = await signer.sign({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host, ...headers }, body });
  const { host: _host, ...rest } = out.headers;
  return rest;
}

/** Whether a WebSocket to `url` opens from this page (and closes it again). */
function opensSocket(page: Page, url: string): Promise<boolean> {
  return page.evaluate(
    (u) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(u);
        ws.onopen = () => (ws.close(), resolve(true));
        ws.onerror = () => resolve(false);
        ws.onclose = () => resolve(false);
      }),
    url,
  );
}

const counted = (action: string) => stack.kvs.control.counters()[action] ?? 0;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'attacks-dist-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'attacks-data-'));
  await buildInto(dist, { pages: true });
  [stack, browser] = await Promise.all([presets.npmStart({ port: 0, dataDir, distDir: dist, onLambdaLog: (_fn, line) => lambdaLog.push(line) }), launchChromium()]);
  attackerServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Some website</title><body><p>Nothing to see here.</p></body>');
  });
  await new Promise<void>((resolve) => attackerServer.listen(0, '127.0.0.2', resolve));
  attackerOrigin = `http://127.0.0.2:${(attackerServer.address() as AddressInfo).port}`;
  recorder = createServer((req, res) => {
    recorded.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' });
    res.end('{}');
  });
  recorder.on('upgrade', (req, socket) => {
    recorded.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.2', resolve));
  recorderUrl = `http://127.0.0.2:${(recorder.address() as AddressInfo).port}`;

  // The live camera: set up the product's way, streaming as the doorbell's master.
  channelArn = stack.doorbells.get('front-door')!.channelArn;
  cameraContext = await browser.newContext();
  cameraPage = await cameraContext.newPage();
  await setUpWithLink(cameraPage, await setupLinkFor(stack, { endpointId: 'front-door', role: 'camera' }), 'camera');
  await stack.kvs.control.waitForMaster(channelArn, 20_000);

  attacker = await (await browser.newContext()).newPage();
  await attacker.goto(`${attackerOrigin}/`);
  own = await (await browser.newContext()).newPage();
  await own.goto(`${stack.web.url}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attackerServer?.close(r));
  await new Promise((r) => recorder?.close(r));
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('a page on another origin, in the same browser as a live camera page', () => {
  it('cannot read the KVS API, neither with a guessed key nor with a page\'s own credentials copied', async () => {
    const camera = (await enrollDevice(stack, { endpointId: 'front-door', role: 'camera' })).exchange;
    const body = JSON.stringify({ ChannelARN: channelArn });
    // The pages' way in (the KVS API on the stack's origin) and the emulator's own port.
    for (const base of [stack.web.url, stack.kvs.endpoint]) {
      const url = `${base}/describeSignalingChannel`;
      const withCopied = await signed(url, 'kinesisvideo', camera.credentials, body, { 'content-type': 'application/json' });
      const withOld = await signed(url, 'kinesisvideo', OLD_DOCUMENTED, body, { 'content-type': 'application/json' });
      const before = counted('DescribeSignalingChannel');
      for (const headers of [withCopied, withOld]) {
        expect(await attempt(attacker, { url, headers, body }), base).toMatchObject({ failed: expect.stringMatching(/Failed to fetch/) });
      }
      // Nothing reached the API: refused before it was looked at.
      expect(counted('DescribeSignalingChannel')).toBe(before);

      // The stack's own page: the copied credentials work, a guessed or old documented key does not.
      const served = await attempt(own, { url, headers: withCopied, body });
      expect(served, base).toMatchObject({ status: 200 });
      expect(JSON.parse((served as { text: string }).text).ChannelInfo.ChannelARN).toBe(channelArn);
      const guessed = await attempt(own, { url, headers: withOld, body });
      expect(guessed).toMatchObject({ status: 403, text: expect.stringContaining('UnrecognizedClient') });
      const random = await attempt(own, { url, headers: await signed(url, 'kinesisvideo', newLocalCredentials(), body, { 'content-type': 'application/json' }), body });
      expect(random).toMatchObject({ status: 403 });
    }
  });

  it('cannot open the signaling WebSocket, as a viewer or as the master, even with valid page credentials', async () => {
    const keys = ({ accessKeyId, secretAccessKey, sessionToken }: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) => ({ accessKeyId, secretAccessKey, sessionToken });
    const viewer = keys((await enrollDevice(stack, { endpointId: 'front-door', role: 'viewer' })).exchange.credentials);
    const camera = keys((await enrollDevice(stack, { endpointId: 'front-door', role: 'camera' })).exchange.credentials);
    const kvs = new KinesisVideoClient({ region: stack.account.region, endpoint: stack.web.url, credentials: viewer, maxAttempts: 1 });
    const { ResourceEndpointList } = await kvs.send(new GetSignalingChannelEndpointCommand({ ChannelARN: channelArn, SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS'], Role: 'VIEWER' } }));
    kvs.destroy();
    const wss = ResourceEndpointList!.find((e) => e.Protocol === 'WSS')!.ResourceEndpoint!;
    const viewerUrl = (clientId: string) => new LocalRequestSigner(stack.account.region, viewer).getSignedURL(wss, { 'X-Amz-ChannelARN': channelArn, 'X-Amz-ClientId': clientId });
    const masterUrl = await new LocalRequestSigner(stack.account.region, camera).getSignedURL(wss, { 'X-Amz-ChannelARN': channelArn });

    const connects = counted('ConnectAsViewer') + counted('ConnectAsMaster');
    expect(await opensSocket(attacker, await viewerUrl('attacker-viewer'))).toBe(false);
    expect(await opensSocket(attacker, masterUrl)).toBe(false);
    // The emulator's own port refuses the attacker's page as well.
    const direct = new URL(await viewerUrl('attacker-direct'));
    direct.host = new URL(stack.kvs.endpoint).host;
    expect(await opensSocket(attacker, direct.href)).toBe(false);
    expect(counted('ConnectAsViewer') + counted('ConnectAsMaster')).toBe(connects);
    expect(stack.kvs.control.clients(channelArn)).toEqual({ master: true, viewers: [] });

    // From the stack's own origin the same kind of URL joins the channel.
    expect(await opensSocket(own, await viewerUrl('own-viewer'))).toBe(true);
    expect(counted('ConnectAsViewer')).toBeGreaterThan(0);
    // The live camera was never displaced.
    expect(stack.kvs.control.clients(channelArn).master).toBe(true);
  });

  it('cannot drive the local Alexa with a text POST, a form POST or JSON; the stack\'s page can', async () => {
    const linked = () => stack.alexa.user('alice').linked;
    const offers = counted('SendAlexaOfferToMaster');
    expect(linked()).toBe(false);
    const link = `${stack.web.url}/alexa/api/users/alice/link`;
    const sessions = `${stack.web.url}/alexa/api/users/alice/sessions`;
    const sdp = JSON.stringify({ endpointId: 'front-door', offer: 'v=0\r\n' });
    // Requests any page may send without asking (no preflight): they are sent, and refused.
    expect(await attempt(attacker, { url: link, mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })).toEqual({ opaque: true });
    expect(await attempt(attacker, { url: sessions, mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: sdp })).toEqual({ opaque: true });
    expect(await attempt(attacker, { url: link, mode: 'no-cors' })).toEqual({ opaque: true });
    expect(await attempt(attacker, { url: link, headers: { 'content-type': 'application/json' }, body: '{}' })).toMatchObject({ failed: expect.any(String) });
    // A cross-site form, the classic: the browser navigates to the answer, which is a refusal.
    for (const [action, enctype] of [[link, 'application/x-www-form-urlencoded'], [sessions, 'text/plain']] as const) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${attackerOrigin}/form`);
      await Promise.all([
        page.waitForURL(action),
        page.evaluate(
          ([a, e]) => {
            const form = Object.assign(document.createElement('form'), { method: 'POST', action: a, enctype: e });
            form.append(Object.assign(document.createElement('input'), { name: '{"endpointId":"front-door","offer":"v=0\\r\\n","x":"', value: '"}' }));
            document.body.append(form);
            form.submit();
          },
          [action, enctype] as const,
        ),
      ]);
      expect(await page.textContent('body')).toContain('FORBIDDEN_ORIGIN');
      await page.context().close();
    }
    expect(linked()).toBe(false);
    expect(counted('SendAlexaOfferToMaster')).toBe(offers);

    // The stack's own page: text is still refused (JSON only), JSON links alice.
    expect(await attempt(own, { url: link, headers: { 'content-type': 'text/plain' }, body: '{}' })).toMatchObject({ status: 415 });
    expect(linked()).toBe(false);
    expect(await attempt(own, { url: link, headers: { 'content-type': 'application/json' }, body: '{}' })).toMatchObject({ status: 200 });
    expect(linked()).toBe(true);
  });

  it('cannot make the browser load the local Alexa\'s routes in the background (an <img>, a no-cors GET, a hidden <iframe>); the stack\'s page can', async () => {
    if (!stack.alexa.user('alice').linked) await stack.alexa.linkDirect('alice');
    const state = `${stack.web.url}/alexa/api/users/alice/devices/front-door/state`;
    const reportStates = () => lambdaLog.filter((l) => l.includes('Alexa.ReportState')).length;
    const before = reportStates();
    expect(await attempt(attacker, { url: state, method: 'GET', mode: 'no-cors' })).toEqual({ opaque: true });
    const img = await attacker.evaluate(
      (src) => new Promise<string>((resolve) => Object.assign(new Image(), { src, onload: () => resolve('loaded'), onerror: () => resolve('error') })),
      state,
    );
    expect(img).toBe('error');
    // A frame is a navigation the page never sees: wait for its load, then count the skill's calls below.
    await attacker.evaluate(
      (src) => new Promise<void>((resolve) => document.body.append(Object.assign(document.createElement('iframe'), { src, hidden: true, onload: () => resolve() }))),
      state,
    );
    const served = await attempt(own, { url: state, method: 'GET' });
    expect(served).toMatchObject({ status: 200, text: expect.stringContaining('connectivity') });
    // The stack's own request reached the skill; the attacker's three, sent before it, did not.
    await waitFor(reportStates, (n) => n > before, 5000, 'the ReportState in the skill\'s log');
    expect(reportStates()).toBe(before + 1);
  });

  it('cannot read, scan or rewrite the tables, whatever it signs with; a program with the installation\'s key can', async () => {
    const dynamo = stack.dynamodb.endpoint;
    const scan = JSON.stringify({ TableName: USERS_TABLE.defaultName });
    const rewrite = JSON.stringify({ TableName: DOORBELLS_TABLE.defaultName, Item: { endpointId: { S: 'front-door' }, ownerEmail: { S: 'mallory@example.com' } } });
    const amz = (target: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${target}` });
    const owner = async () => {
      const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: stack.account.region, endpoint: dynamo, credentials: stack.account.credentials }));
      const { Item } = await doc.send(new GetCommand({ TableName: DOORBELLS_TABLE.defaultName, Key: { endpointId: 'front-door' } }));
      doc.destroy();
      return Item?.ownerEmail;
    };
    expect(await owner()).toBe('alice@example.com');
    // Even the installation's own secret, had a page stolen it, gets a page nothing.
    for (const creds of [OLD_DOCUMENTED, stack.account.credentials]) {
      const scanHeaders = await signed(dynamo, 'dynamodb', creds, scan, amz('Scan'));
      expect(await attempt(attacker, { url: dynamo, headers: scanHeaders, body: scan })).toMatchObject({ failed: expect.any(String) });
      expect(await attempt(own, { url: dynamo, headers: scanHeaders, body: scan })).toMatchObject({ failed: expect.any(String) });
      const putHeaders = await signed(dynamo, 'dynamodb', creds, rewrite, amz('PutItem'));
      expect(await attempt(attacker, { url: dynamo, headers: putHeaders, body: rewrite })).toMatchObject({ failed: expect.any(String) });
    }
    // Without asking (no-cors, text/plain): sent, refused.
    expect(await attempt(attacker, { url: dynamo, mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: rewrite })).toEqual({ opaque: true });
    expect(await owner()).toBe('alice@example.com');

    // The same signed scan from a program (the skill, the AWS CLI: no Origin) is served.
    const headers = await signed(dynamo, 'dynamodb', stack.account.credentials, scan, amz('Scan'));
    const res = await fetch(dynamo, { method: 'POST', headers, body: scan });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Items: { email?: { S: string } }[] }).Items.map((i) => i.email?.S)).toContain('alice@example.com');
    // ...and the same scan signed with the old documented pair is not.
    const old = await fetch(dynamo, { method: 'POST', headers: await signed(dynamo, 'dynamodb', OLD_DOCUMENTED, scan, amz('Scan')), body: scan });
    expect(old.status).toBe(400);
    expect(await old.text()).toContain('UnrecognizedClientException');
  });

  it('cannot obtain page credentials: the access API refuses it even with a valid grant copied, and nothing else hands any out', async () => {
    const device = await enrollDevice(stack, { endpointId: 'front-door', role: 'viewer' });
    const url = (route: keyof typeof ACCESS_API_ROUTES) => `${stack.accessApi.endpoint}${ACCESS_API_ROUTES[route].path}`;
    const json = { 'content-type': 'application/json' };
    const invocations = stack.accessApi.control.stats().invocations;
    expect(await attempt(attacker, { url: url('credentials'), headers: json, body: JSON.stringify({ grant: device.grant }) })).toMatchObject({ failed: expect.any(String) });
    expect(await attempt(attacker, { url: url('enroll'), headers: json, body: JSON.stringify({ enrollmentCode: 'guessed', label: 'x' }) })).toMatchObject({ failed: expect.any(String) });
    expect(await attempt(attacker, { url: url('credentials'), mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ grant: device.grant }) })).toEqual({ opaque: true });
    // None of them reached the access API's function.
    expect(stack.accessApi.control.stats().invocations).toBe(invocations);
    // No route of the stack's web server hands out credentials (issue 9's /local/page-config is gone).
    expect(await attempt(own, { url: `${stack.web.url}/local/page-config/front-door?role=camera`, method: 'GET' })).toMatchObject({ status: 404 });

    // The stack's own page, holding the grant, exchanges it (the attacker's tries did not consume it).
    const exchanged = await attempt(own, { url: url('credentials'), headers: json, body: JSON.stringify({ grant: device.grant }) });
    expect(exchanged).toMatchObject({ status: 200 });
    expect(JSON.parse((exchanged as { text: string }).text).credentials.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('bad input to every local service', () => {
  /** A raw request to a service (Node: any Host, any declared length). */
  function raw(base: string, o: { path?: string; method?: string; headers?: Record<string, string>; body?: string; declaredLength?: number }): Promise<number> {
    const u = new URL(base);
    return new Promise((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, method: o.method ?? 'POST', path: o.path ?? '/', headers: { ...(o.declaredLength !== undefined ? { 'content-length': String(o.declaredLength) } : {}), ...o.headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      if (o.declaredLength !== undefined) req.write('{');
      else req.end(o.body ?? '');
    });
  }

  it('answers a foreign origin, a wrong content type, an oversized body, a foreign Host and a missing or bad signature with a clear 4xx, and keeps serving', async () => {
    const http = Object.entries(stack.services).filter(([, url]) => url.startsWith('http://'));
    expect(http.length).toBeGreaterThanOrEqual(9);
    // The body type each one speaks: JSON, except the AWS protocols' own.
    const typeOf = (name: string) => (name.startsWith('DynamoDB') ? 'application/x-amz-json-1.0' : /^(STS|Login with Amazon)/.test(name) ? 'application/x-www-form-urlencoded' : 'application/json');
    // LWA answers a body of another type as Amazon's does: 400 invalid_request. S3 stores blobs of any type,
    // every request signed (the presign fixes the type): an unsigned one is refused as S3 does, 403.
    const wrongTypeStatus = (name: string) => (name.startsWith('Login with Amazon') ? 400 : name.startsWith('S3') ? 403 : 415);
    for (const [name, base] of http) {
      const { port } = new URL(base);
      expect(await raw(base, { headers: { origin: attackerOrigin, 'content-type': 'application/json' }, body: '{}' }), `${name}: foreign Origin`).toBe(403);
      expect(await raw(base, { headers: { 'content-type': 'text/plain' }, body: '{}' }), `${name}: text/plain`).toBe(wrongTypeStatus(name));
      expect(await raw(base, { headers: { host: `attacker.example:${port}`, 'content-type': 'application/json' }, body: '{}' }), `${name}: foreign Host`).toBe(421);
      expect(await raw(base, { headers: { 'content-type': typeOf(name) }, declaredLength: 64 * 1024 * 1024 }), `${name}: oversized`).toBe(413);
    }
    // Where the service signs: no signature, or a made-up one, is refused as AWS refuses it.
    const signedServices = http.filter(([name]) => /^(KVS|DynamoDB|Lambda Invoke|Doorbell-device|STS|S3)/.test(name));
    expect(signedServices).toHaveLength(6);
    const forged = `AWS4-HMAC-SHA256 Credential=${stack.account.credentials.accessKeyId}/20260101/us-east-1/x/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    const routeOf = (name: string) =>
      name.startsWith('KVS') ? '/describeSignalingChannel' : name.startsWith('Lambda') ? `/2015-03-31/functions/${stack.lambda.functionName}/invocations` : name.startsWith('Doorbell') ? '/v1/doorbells/front-door/press' : name.startsWith('S3') ? `/${stack.s3.bucket}/snapshots/front-door/x.jpg` : '/';
    for (const [name, base] of signedServices) {
      for (const headers of [{}, { authorization: forged }] as Record<string, string>[]) {
        const status = await raw(base, { path: routeOf(name), headers: { 'content-type': typeOf(name), ...headers }, body: name.startsWith('STS') ? 'Action=AssumeRole' : '{}' });
        expect([400, 401, 403], `${name}: ${Object.keys(headers).length ? 'bad' : 'no'} signature`).toContain(status);
      }
    }
    // Broken bodies of the right type, to the routes that read them without a signature.
    const broken = [
      [`${stack.web.url}/alexa/api/users/alice/sessions`, 'application/json', '{"endpointId":'],
      [`${stack.web.url}/alexa/api/users/alice/sessions`, 'application/json', '[1,2]'],
      [`${stack.accessApi.endpoint}${ACCESS_API_ROUTES.credentials.path}`, 'application/json', '{"grant":'],
      [`${stack.accessApi.endpoint}${ACCESS_API_ROUTES.enroll.path}`, 'application/json', '{"enrollmentCode":7}'],
      [`${stack.lwa.endpoint}/auth/o2/token`, 'application/x-www-form-urlencoded', 'grant_type=%%%'],
      [`${stack.gateway.endpoint}/v3/events`, 'application/json', '{"event":'],
    ] as const;
    for (const [url, type, body] of broken) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, `${url} ${body}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${url} ${body}`).toBeLessThan(500);
    }
    expect((await fetch(`${stack.web.url}/health`)).status).toBe(200);
    expect(stack.kvs.control.clients(channelArn).master).toBe(true);
  });
});

describe('a link to a page of the stack with configuration in its address', () => {
  /** What the old pages ran from (`#config=`, base64url JSON): the attacker's channel, endpoints and credentials. */
  async function craftedConfig(kvsEndpoint: string): Promise<string> {
    const garage = stack.doorbells.get('garage')!;
    const { credentials } = (await enrollDevice(stack, { endpointId: 'garage', role: 'camera' })).exchange;
    const config = { endpointId: 'garage', name: 'Doorbell', region: stack.account.region, channelName: garage.channelName, channelArn: garage.channelArn, kvsEndpoint, deviceApiUrl: recorderUrl, deviceApiSigning: { region: stack.account.region, service: 'lambda' }, credentials };
    return Buffer.from(JSON.stringify(config)).toString('base64url');
  }

  /** A fresh browser context (a device never set up) that counts every camera or microphone request. */
  async function freshDevice(): Promise<Page> {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const w = window as unknown as { mediaRequests: number };
      w.mediaRequests = 0;
      const real = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
      if (real) navigator.mediaDevices.getUserMedia = (c) => (w.mediaRequests++, real(c));
    });
    return context.newPage();
  }

  /** Clicks a link to `href` on the attacker's page, as a person would, and waits for the page it opens to settle. */
  async function follow(page: Page, href: string): Promise<void> {
    await page.goto(`${attackerOrigin}/links`);
    await page.evaluate((h) => document.body.append(Object.assign(document.createElement('a'), { href: h, id: 'bait', textContent: 'Look at this doorbell' })), href);
    await Promise.all([page.waitForURL((u) => u.origin === new URL(stack.web.url).origin), page.click('#bait')]);
  }

  it('does not make a new device capture or stream anywhere: the page says it is not set up and forgets the address', async () => {
    const garageArn = stack.doorbells.get('garage')!.channelArn;
    const fragment = await craftedConfig(recorderUrl);
    const connects = counted('ConnectAsMaster') + counted('ConnectAsViewer');
    for (const role of ['camera', 'viewer', 'button'] as PageRole[]) {
      const page = await freshDevice();
      await follow(page, `${stack.web.url}/camera/${PAGE_FILES[role]}?config=${fragment}#config=${fragment}`);
      expect(await page.locator('#access-problem h2').textContent({ timeout: 15_000 }), role).toBe('This device is not set up');
      // Gone from the address bar and from this history entry at once.
      expect(page.url(), role).toBe(`${stack.web.url}/camera/${PAGE_FILES[role]}`);
      expect(await page.evaluate(() => `${location.search}${location.hash}`)).toBe('');
      expect(await page.evaluate(() => (window as unknown as { mediaRequests: number }).mediaRequests), role).toBe(0);
      await page.context().close();
    }
    expect(recorded).toEqual([]);
    expect(counted('ConnectAsMaster') + counted('ConnectAsViewer')).toBe(connects);
    expect(stack.kvs.control.clients(garageArn)).toEqual({ master: false, viewers: [] });
    // The live camera still holds its own channel.
    expect(stack.kvs.control.clients(channelArn).master).toBe(true);
  });

  it('does not move a set-up camera to the link\'s channel or endpoint: it streams to its own doorbell only, as it does without the link', async () => {
    const garageArn = stack.doorbells.get('garage')!.channelArn;
    for (const kvsEndpoint of [recorderUrl, stack.web.url]) {
      const fragment = await craftedConfig(kvsEndpoint);
      // The camera's own tab follows the attacker's link (it leaves, and comes back through the link).
      await follow(cameraPage, `${stack.web.url}/camera/camera.html#config=${fragment}`);
      await cameraPage.waitForFunction(() => window.doorbellCamera?.signalingState().kind === 'open', undefined, { timeout: 20_000 });
      expect(await cameraPage.evaluate(() => window.doorbellCamera!.doorbell.endpointId)).toBe('front-door');
      expect(cameraPage.url()).toBe(`${stack.web.url}/camera/camera.html`);
      // Its own channel is where it streams (the check can fail: it connected, as master of front-door).
      expect(stack.kvs.control.clients(channelArn).master).toBe(true);
      expect(stack.kvs.control.clients(garageArn)).toEqual({ master: false, viewers: [] });
    }
    expect(recorded).toEqual([]);
  });

  it('the setup page takes a one-time code and Amazon\'s answer out of its address and its history at once', async () => {
    const setupPage = `${stack.web.url}/camera/setup.html`;
    const linked = await (await browser.newContext()).newPage();
    const link = await setupLinkFor(stack, { endpointId: 'front-door', role: 'viewer' });
    expect(link).toContain('#enroll=');
    await setUpWithLink(linked, link, 'viewer');
    // Back to the setup page's own entry: the code is no longer in it.
    await linked.goBack();
    expect(linked.url()).toBe(setupPage);
    await linked.context().close();

    const signedIn = await (await browser.newContext()).newPage();
    await signedIn.goto(setupPage);
    await signIn(signedIn, 'alice@example.com');
    expect(signedIn.url()).toBe(setupPage);
    expect(await signedIn.evaluate(() => `${location.search}${location.hash}`)).toBe('');
    await signedIn.context().close();
  });
});
