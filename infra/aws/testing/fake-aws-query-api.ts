/**
 * A loopback stand-in for the AWS query API that camera-url and fill-skill-package read:
 * CloudFormation DescribeStacks (form-encoded POSTs, XML answers).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAwsOptions {
  stackName: string;
  outputs: readonly { OutputKey: string; OutputValue: string }[];
}

export interface FakeAws {
  url: string;
  requests: URLSearchParams[];
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push(params);
      const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
      const error = (code: string, message: string) =>
        send(400, `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>1</RequestId></ErrorResponse>`);
      switch (params.get('Action')) {
        case 'DescribeStacks': {
          if (params.get('StackName') !== options.stackName) return error('ValidationError', `Stack with id ${params.get('StackName')} does not exist`);
          const outputs = options.outputs.map((o) => `<member><OutputKey>${xml(o.OutputKey)}</OutputKey><OutputValue>${xml(o.OutputValue)}</OutputValue></member>`).join('');
          return send(
            200,
            `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${xml(options.stackName)}</StackName><StackId>arn:aws:cloudformation:eu-west-1:000000000000:stack/${xml(options.stackName)}/1</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
          );
        }
        default:
          return error('InvalidAction', `unsupported action ${params.get('Action')}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
