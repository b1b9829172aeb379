const CHANNEL_ARN = /^arn:aws:kinesisvideo:([a-z0-9-]+):([0-9]+):channel\/([a-zA-Z0-9_.-]+)\/([0-9]+)$/;

export function channelArn(region: string, accountId: string, name: string, creationMs: number): string {
  return `arn:aws:kinesisvideo:${region}:${accountId}:channel/${name}/${creationMs}`;
}

export interface ParsedChannelArn {
  region: string;
  accountId: string;
  name: string;
  creationMs: number;
}

export function parseChannelArn(arn: string): ParsedChannelArn | undefined {
  const m = CHANNEL_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, accountId: m[2]!, name: m[3]!, creationMs: Number(m[4]) };
}
