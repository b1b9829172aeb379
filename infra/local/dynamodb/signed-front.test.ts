/**
 * The local DynamoDB's signed front, from outside: only requests signed with the world's own
 * credentials reach dynalite, no web page does (whatever it signs with), no answer carries a CORS
 * header, and every refusal is DynamoDB's error shape and changes nothing.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTables, startDynamo, type LocalDynamo } from './index.js';
import { USERS_TABLE } from '../../../contracts/tables.js';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';

const credentials = newLocalCredentials();
const TABLE = USERS_TABLE.defaultName;
let db: LocalDynamo;

/** A client signing with `creds`; `origin` adds the header a browser would send, before signing. */
function client(creds: { accessKeyId: string; secretAccessKey: string }, origin?: string): DynamoDBDocumentClient {
  const c = new DynamoDBClient({ endpoint: db.endpoint, region: LOCAL_REGION, credentials: creds, maxAttempts: 1 });
  if (origin) {
    c.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers.origin = origin;
        return next(args);
      },
      { step: 'build' },
    );
  }
  return DynamoDBDocumentClient.from(c);
}

const raw = (headers: Record<string, string>, body = '{}') =>
  fetch(db.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.Scan', ...headers }, body: body.replace('{}', JSON.stringify({ TableName: TABLE })) });

async function storedOwner(): Promise<unknown> {
  const doc = client(credentials);
  const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: { userId: 'victim' } }));
  doc.destroy();
  return Item?.accessToken;
}

beforeAll(async () => {
  db = await startDynamo({ credentials });
  await createTables(db.endpoint, { credentials });
  const doc = client(credentials);
  await doc.send(new PutCommand({ TableName: TABLE, Item: { userId: 'victim', accessToken: 'kept' } }));
  doc.destroy();
});
afterAll(() => db?.close());

describe('the signed front of the local DynamoDB', () => {
  it('serves the world\'s own signature and answers no CORS header (dynalite alone answers any origin)', async () => {
    const doc = client(credentials);
    const { Items } = await doc.send(new ScanCommand({ TableName: TABLE }));
    expect(Items?.map((i) => i.userId)).toContain('victim');
    doc.destroy();
    const preflight = await fetch(db.endpoint, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.2:8000', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect([...preflight.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses unsigned requests and other keys (a guessed pair, the old documented one) with DynamoDB\'s errors', async () => {
    const unsigned = await raw({ 'content-type': 'application/x-amz-json-1.0' });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { __type: string }).__type).toMatch(/#MissingAuthenticationTokenException$/);
    expect(unsigned.headers.get('access-control-allow-origin')).toBeNull();
    for (const creds of [newLocalCredentials(), { accessKeyId: 'LOCALDOORBELLKEY', secretAccessKey: 'local-doorbell-secret' }]) {
      const other = client(creds);
      await expect(other.send(new ScanCommand({ TableName: TABLE }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      other.destroy();
    }
    const wrongSecret = client({ accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' });
    await expect(wrongSecret.send(new PutCommand({ TableName: TABLE, Item: { userId: 'victim', accessToken: 'stolen' } }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    wrongSecret.destroy();
    expect(await storedOwner()).toBe('kept');
  });

  it('refuses any request a browser sent, even one signed with the right secret', async () => {
    for (const origin of ['http://127.0.0.2:8000', 'http://localhost:8080', 'null']) {
      const page = client(credentials, origin);
      await expect(page.send(new PutCommand({ TableName: TABLE, Item: { userId: 'victim', accessToken: 'stolen' } }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      page.destroy();
    }
    expect(await storedOwner()).toBe('kept');
  });

  it('refuses bodies of another type (a form, text) and bodies larger than DynamoDB takes, and keeps serving', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
      const res = await raw({ 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { __type: string }).__type).toMatch(/#UnknownOperationException$/);
    }
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(db.endpoint);
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(17 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{');
    });
    expect(status).toBe(413);
    const plain = new DynamoDBClient({ endpoint: db.endpoint, region: LOCAL_REGION, credentials });
    expect((await plain.send(new ListTablesCommand({}))).TableNames).toContain(TABLE);
    plain.destroy();
  });

  it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(db.endpoint);
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers: { host: `attacker.example:${port}`, 'content-type': 'application/x-amz-json-1.0' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });
});
