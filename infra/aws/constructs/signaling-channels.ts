/** One KVS WebRTC signaling channel per doorbell. */
import * as kinesisvideo from 'aws-cdk-lib/aws-kinesisvideo';
import { Construct } from 'constructs';
import { channelNameOf, type DoorbellConfig } from '../doorbells-config.js';

/**
 * Undelivered signaling messages are dropped after this long. Alexa waits at most a few seconds
 * for an answer, so an offer older than this is useless to a camera that reconnects late; KVS's
 * default (60 s) would hand it stale offers.
 */
export const MESSAGE_TTL_SECONDS = 15;

export interface DoorbellChannel {
  doorbell: DoorbellConfig;
  channelName: string;
  channelArn: string;
}

export class SignalingChannels extends Construct {
  readonly channels: readonly DoorbellChannel[];

  constructor(scope: Construct, id: string, doorbells: readonly DoorbellConfig[]) {
    super(scope, id);
    this.channels = doorbells.map((doorbell) => {
      const channelName = channelNameOf(doorbell);
      const channel = new kinesisvideo.CfnSignalingChannel(this, doorbell.endpointId, {
        name: channelName,
        type: 'SINGLE_MASTER',
        messageTtlSeconds: MESSAGE_TTL_SECONDS,
      });
      return { doorbell, channelName, channelArn: channel.attrArn };
    });
  }

  get arns(): string[] {
    return this.channels.map((c) => c.channelArn);
  }
}
