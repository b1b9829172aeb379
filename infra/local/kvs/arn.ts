export function channelArn(region: string, accountId: string, name: string, creationMs: number): string {
  return `arn:aws:kinesisvideo:${region}:${accountId}:channel/${name}/${creationMs}`;
}
