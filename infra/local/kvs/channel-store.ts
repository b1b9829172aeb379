import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface StoredChannel {
  name: string;
  arn: string;
  type: string;
  status: 'ACTIVE';
  creationMs: number;
  messageTtlSeconds: number;
  version: string;
}

const FILE = 'channels.json';

/** Signaling channels by ARN, written through to `<dataDir>/channels.json` when a data dir is given. */
export class ChannelStore {
  private readonly channels = new Map<string, StoredChannel>();

  constructor(private readonly dataDir?: string) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    let text: string | undefined;
    try {
      text = readFileSync(join(dataDir, FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text) for (const c of JSON.parse(text) as StoredChannel[]) this.channels.set(c.arn, c);
  }

  get size(): number {
    return this.channels.size;
  }

  byArn(arn: string): StoredChannel | undefined {
    return this.channels.get(arn);
  }

  byName(name: string): StoredChannel | undefined {
    for (const c of this.channels.values()) if (c.name === name) return c;
    return undefined;
  }

  /** Sorted by name, as ListSignalingChannels lists them. */
  all(): StoredChannel[] {
    return [...this.channels.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  put(channel: StoredChannel): void {
    this.channels.set(channel.arn, channel);
    this.save();
  }

  private save(): void {
    if (!this.dataDir) return;
    const path = join(this.dataDir, FILE);
    const tmp = `${path}.${process.pid}.tmp`;
    // Write then rename, so a crash never leaves a half-written file behind.
    writeFileSync(tmp, JSON.stringify([...this.channels.values()], null, 2));
    renameSync(tmp, path);
  }
}

export function newVersion(): string {
  return randomBytes(15).toString('base64').replace(/[^a-zA-Z0-9]/g, '').padEnd(20, '0').slice(0, 20);
}
