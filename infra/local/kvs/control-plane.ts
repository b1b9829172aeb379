import { channelArn } from './arn.js';
import { newVersion, type StoredChannel } from './channel-store.js';
import { isAccountWide } from './credentials.js';
import {
  accessDenied,
  accountChannelLimitExceeded,
  invalidArgument,
  resourceInUse,
  resourceNotFound,
} from './errors.js';
import { channelFor, type ApiDeps, type Handler, type RequestContext } from './api-context.js';
import { checkString, int, list, obj, RULES, str, TTL_SECONDS } from './validation.js';

/** Channels per account per region, as the service quotas page states. */
export function channelQuota(region: string): number {
  return region === 'us-east-1' || region === 'us-west-2' ? 10_000 : 5_000;
}

export function channelInfo(c: StoredChannel) {
  return {
    ChannelName: c.name,
    ChannelARN: c.arn,
    ChannelType: c.type,
    ChannelStatus: c.status,
    // restJson1 timestamps are epoch seconds.
    CreationTime: c.creationMs / 1000,
    SingleMasterConfiguration: { MessageTtlSeconds: c.messageTtlSeconds },
    Version: c.version,
  };
}

function requireAccountWide(ctx: RequestContext, action: string): void {
  if (!isAccountWide(ctx.grant)) throw accessDenied(`User is not authorized to perform: kinesisvideo:${action} on resource: *`);
}

function ttlOf(input: Record<string, unknown>): number | undefined {
  const config = obj(input, 'SingleMasterConfiguration');
  return config ? int(config, 'MessageTtlSeconds', TTL_SECONDS) : undefined;
}

/**
 * The control-plane actions a product path calls (the local stack creates and describes channels,
 * the skill and the pages get endpoints) and ListSignalingChannels, every channel in one page, as
 * the probe of a scoped credential. No Update, Delete, tags or paging: nothing sends them.
 */
export function controlPlane(deps: ApiDeps): Record<string, Handler> {
  const existing = (arn: string, ctx: RequestContext, action: string) => channelFor(deps, ctx, action, arn, accessDenied);

  return {
    CreateSignalingChannel(input, ctx) {
      const name = str(input, 'ChannelName', { ...RULES.channelName, required: true });
      const type = str(input, 'ChannelType', RULES.channelType) ?? 'SINGLE_MASTER';
      const ttl = ttlOf(input) ?? TTL_SECONDS.default;
      requireAccountWide(ctx, 'CreateSignalingChannel');
      if (deps.store.byName(name)) throw resourceInUse(`The signaling channel ${name} already exists.`);
      if (deps.store.size >= channelQuota(deps.region)) {
        throw accountChannelLimitExceeded(`You have reached the maximum of ${channelQuota(deps.region)} signaling channels in this account and region.`);
      }
      const creationMs = Date.now();
      const channel: StoredChannel = {
        name,
        arn: channelArn(deps.region, deps.accountId, name, creationMs),
        type,
        status: 'ACTIVE',
        creationMs,
        messageTtlSeconds: ttl,
        version: newVersion(),
      };
      deps.store.put(channel);
      return { ChannelARN: channel.arn };
    },

    DescribeSignalingChannel(input, ctx) {
      const name = str(input, 'ChannelName', RULES.channelName);
      const arn = str(input, 'ChannelARN', RULES.channelArn);
      if (name === undefined && arn === undefined) throw invalidArgument('Either ChannelName or ChannelARN must be specified.');
      const byName = name !== undefined ? deps.store.byName(name) : undefined;
      if (arn === undefined && !byName) throw resourceNotFound(`The requested channel is not found or not active.`);
      const target = arn ?? byName!.arn;
      if (name !== undefined && arn !== undefined && byName?.arn !== arn) {
        throw invalidArgument('ChannelName and ChannelARN do not name the same channel.');
      }
      return { ChannelInfo: channelInfo(existing(target, ctx, 'DescribeSignalingChannel')) };
    },

    ListSignalingChannels(_input, ctx) {
      requireAccountWide(ctx, 'ListSignalingChannels');
      return { ChannelInfoList: deps.store.all().map(channelInfo) };
    },

    GetSignalingChannelEndpoint(input, ctx) {
      const arn = str(input, 'ChannelARN', { ...RULES.channelArn, required: true });
      const config = obj(input, 'SingleMasterChannelEndpointConfiguration') ?? {};
      const protocols = (list(config, 'Protocols', { min: 1, max: 5 }) ?? ['WSS', 'HTTPS']).map((p, i) =>
        checkString(p, `SingleMasterChannelEndpointConfiguration.Protocols[${i}]`, RULES.protocol),
      );
      str(config, 'Role', RULES.role);
      existing(arn, ctx, 'GetSignalingChannelEndpoint');
      if (protocols.includes('WEBRTC')) throw invalidArgument('The WEBRTC protocol needs a media storage configuration, which this emulator does not offer.');
      const base = new URL(deps.endpoint());
      return {
        ResourceEndpointList: [...new Set(protocols)].map((Protocol) => ({
          Protocol,
          // One local port serves both: the signaling socket as ws://, the HTTPS data plane as http://.
          ResourceEndpoint: `${Protocol === 'WSS' ? 'ws' : 'http'}://${base.host}`,
        })),
      };
    },
  };
}
