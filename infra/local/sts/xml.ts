/** STS's Query API answers: XML in the shapes the AWS SDK's awsQuery protocol reads. */
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function assumeRoleXml(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date; assumedRoleId: string; principalArn: string }, requestId: string): string {
  return (
    `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
    `<Credentials><AccessKeyId>${escapeXml(c.accessKeyId)}</AccessKeyId><SecretAccessKey>${escapeXml(c.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${escapeXml(c.sessionToken)}</SessionToken><Expiration>${c.expiration.toISOString()}</Expiration></Credentials>` +
    `<AssumedRoleUser><AssumedRoleId>${escapeXml(c.assumedRoleId)}</AssumedRoleId><Arn>${escapeXml(c.principalArn)}</Arn></AssumedRoleUser>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

export function errorXml(code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
