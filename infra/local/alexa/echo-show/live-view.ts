/**
 * The full-screen live view: one call at a time, its controls (tap to talk, hang up), its
 * statistics, and the doorbell announcement that opens the feed for a limited time.
 */
import { EchoShowCall, type CallState, type CallStats } from './call.js';
import type { AlexaApi, DiscoveredDevice } from './simulator-api.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** What the person sees for the errors the skill can answer with. */
export function explain(type: string, message: string, name: string): string {
  switch (type) {
    case 'ENDPOINT_UNREACHABLE':
      return `${name} isn't responding. Is its camera page open?`;
    case 'NO_SUCH_ENDPOINT':
      return `${name} is not one of this account's devices. Try discovering devices again.`;
    case 'NOT_LINKED':
    case 'LINK_EXPIRED':
    case 'INVALID_AUTHORIZATION_CREDENTIAL':
    case 'EXPIRED_AUTHORIZATION_CREDENTIAL':
      return 'The doorbell skill needs to be linked again.';
    default:
      return `${name}: ${message}`;
  }
}

export class LiveView {
  private call: EchoShowCall | undefined;
  private device: DiscoveredDevice | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastStats: CallStats | undefined;
  /** Bumped whenever the view closes, so a call that finishes starting after that is hung up. */
  private generation = 0;
  state: CallState | 'idle' = 'idle';

  constructor(
    private readonly api: () => AlexaApi,
    private readonly onError: (text: string) => void,
  ) {
    $('hangup').addEventListener('click', () => this.hangUp());
    $('talk').addEventListener('click', () => {
      this.cancelAutoClose();
      this.setTalking(!(this.call?.talking ?? false));
    });
  }

  get endpointId(): string | undefined {
    return this.device?.endpointId;
  }

  /** Opens the feed; with `autoCloseMs` (an announcement) it closes itself unless the person takes over. */
  async open(device: DiscoveredDevice, opts: { talking: boolean; autoCloseMs?: number }): Promise<void> {
    if (this.call || this.device) this.hangUp();
    const generation = ++this.generation;
    this.device = device;
    $('live-title').textContent = device.friendlyName;
    $('live').hidden = false;
    $('home').hidden = true;
    this.renderTalk(opts.talking);
    if (opts.autoCloseMs) this.closeTimer = setTimeout(() => this.hangUp(), opts.autoCloseMs);
    this.statsTimer = setInterval(() => void this.refreshStats(), 1000);
    try {
      const call = await EchoShowCall.start({
        api: this.api(),
        endpointId: device.endpointId,
        talking: opts.talking,
        video: $<HTMLVideoElement>('feed'),
        audio: $<HTMLAudioElement>('voice'),
        onState: (state, detail) => {
          if (generation === this.generation) this.onCallState(state, detail);
        },
      });
      if (generation !== this.generation) call.hangUp();
      else this.call = call;
    } catch (err) {
      if (generation !== this.generation) return;
      const e = err as { type?: string; message: string };
      this.onError(explain(e.type ?? 'ERROR', e.message, device.friendlyName));
      this.close();
    }
  }

  announce(text: string | undefined): void {
    const banner = $('announce-banner');
    banner.textContent = text ?? '';
    banner.hidden = !text;
  }

  hangUp(): void {
    const call = this.call;
    this.call = undefined;
    call?.hangUp();
    this.close();
  }

  async stats(): Promise<CallStats | undefined> {
    return this.call ? this.call.stats() : this.lastStats;
  }

  private setTalking(on: boolean): void {
    this.call?.setTalking(on);
    this.renderTalk(on);
  }

  private renderTalk(on: boolean): void {
    const talk = $('talk');
    talk.setAttribute('aria-pressed', String(on));
    talk.textContent = on ? 'Microphone on' : 'Tap to talk';
  }

  private cancelAutoClose(): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  private onCallState(state: CallState, detail?: string): void {
    this.state = state;
    $('screen').dataset.callState = state;
    $('call-state').textContent =
      { starting: 'Starting…', connecting: 'Connecting…', connected: 'Live', ended: 'Ended', failed: 'Failed' }[state] ?? state;
    if (state === 'failed' && detail && this.device) this.onError(`${this.device.friendlyName}: ${detail}`);
    if (state === 'ended' || state === 'failed') this.close();
  }

  private async refreshStats(): Promise<void> {
    if (!this.call) return;
    const s = await this.call.stats();
    this.lastStats = s;
    const el = $('call-stats');
    el.textContent = `${s.frameWidth}x${s.frameHeight} ${s.videoCodec.replace('video/', '')} · frames ${s.framesDecoded} · audio in ${s.audioPacketsReceived} / out ${s.audioPacketsSent}`;
    el.dataset.framesDecoded = String(s.framesDecoded);
  }

  private close(): void {
    this.generation++;
    this.cancelAutoClose();
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.announce(undefined);
    $('live').hidden = true;
    $('home').hidden = false;
    if (this.state !== 'failed') this.state = 'idle';
    $('screen').dataset.callState = this.state === 'failed' ? 'failed' : 'idle';
    this.device = undefined;
  }
}
