/**
 * Watches the camera's video for motion: a few times a second it draws the current frame into a
 * small canvas (160x90, `willReadFrequently` so the pixels stay in memory rather than on the GPU),
 * takes its luma, and feeds the changed share inside the zone (frame-diff.ts) to the motion state
 * (motion-state.ts). The cost is one small drawImage and 14 400 pixels a sample, whatever the
 * camera's resolution.
 */
import { changedShare, toGray, WHOLE_PICTURE, type Zone } from './frame-diff.js';
import { DEFAULT_TIMING, MotionState, shareThreshold, type MotionChange, type MotionTiming } from './motion-state.js';

export const SAMPLE_WIDTH = 160;
export const SAMPLE_HEIGHT = 90;
/** Four samples a second: a person walking in is seen within half a second. */
export const SAMPLE_INTERVAL_MS = 250;
/** A pixel changed when its brightness moved by more than this (of 255): above sensor noise. */
export const PIXEL_THRESHOLD = 24;

export interface MotionSamplerOptions {
  video: HTMLVideoElement;
  onChange(change: MotionChange, at: number): void;
  /** Each sample's share, for the page's meter and the tests. */
  onSample?(share: number): void;
  timing?: MotionTiming;
  intervalMs?: number;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export class MotionSampler {
  private readonly state: MotionState;
  private readonly ctx: Context2D;
  private previous: Uint8Array | undefined;
  private current: Uint8Array = new Uint8Array(SAMPLE_WIDTH * SAMPLE_HEIGHT);
  private timer: ReturnType<typeof setInterval> | undefined;
  private zone: Zone = WHOLE_PICTURE;
  private threshold = shareThreshold(50);
  /** Samples taken so far, and the time they took (ms), for the benchmark. */
  readonly cost = { samples: 0, busyMs: 0 };

  constructor(private readonly options: MotionSamplerOptions) {
    this.state = new MotionState(options.timing ?? DEFAULT_TIMING);
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(SAMPLE_WIDTH, SAMPLE_HEIGHT) : Object.assign(document.createElement('canvas'), { width: SAMPLE_WIDTH, height: SAMPLE_HEIGHT });
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as Context2D | null;
    if (!ctx) throw new Error('This browser cannot read video frames (no 2D canvas).');
    this.ctx = ctx;
  }

  get moving(): boolean {
    return this.state.moving;
  }

  setSensitivity(sensitivity: number): void {
    this.threshold = shareThreshold(sensitivity);
  }

  setZone(zone: Zone | undefined): void {
    this.zone = zone ?? WHOLE_PICTURE;
  }

  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.options.intervalMs ?? SAMPLE_INTERVAL_MS);
  }

  /** Stops sampling; a motion in progress ends now (the camera no longer sees it). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.previous = undefined;
    if (this.state.moving) this.options.onChange('end', Date.now());
    this.state.reset();
  }

  private sample(): void {
    const { video } = this.options;
    if (video.readyState < 2 || video.videoWidth === 0) return;
    const started = performance.now();
    this.ctx.drawImage(video, 0, 0, SAMPLE_WIDTH, SAMPLE_HEIGHT);
    toGray(this.ctx.getImageData(0, 0, SAMPLE_WIDTH, SAMPLE_HEIGHT).data, this.current);
    if (this.previous) {
      const share = changedShare(this.previous, this.current, SAMPLE_WIDTH, SAMPLE_HEIGHT, this.zone, PIXEL_THRESHOLD);
      this.options.onSample?.(share);
      const change = this.state.update(share, this.threshold, Date.now());
      if (change) this.options.onChange(change, Date.now());
    }
    [this.previous, this.current] = [this.current, this.previous ?? new Uint8Array(SAMPLE_WIDTH * SAMPLE_HEIGHT)];
    this.cost.samples++;
    this.cost.busyMs += performance.now() - started;
  }
}
