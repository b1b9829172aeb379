/**
 * A scripted fake camera for Chromium's `--use-file-for-fake-video-capture`: a Y4M file (4:2:0)
 * of a still scene, then a bright block that crosses the picture and comes back, then the still
 * scene again. Chromium loops the file, so the block ends where it started: the loop's seam is as
 * still as the rest, and motion happens once per loop, at a known time.
 */
import { open } from 'node:fs/promises';

export interface StillThenMovingOptions {
  width?: number;
  height?: number;
  fps?: number;
  stillSeconds?: number;
  movingSeconds?: number;
  /** The still tail after the movement. */
  afterSeconds?: number;
}

export interface ScriptedCamera {
  path: string;
  width: number;
  height: number;
  fps: number;
  /** When, within each loop, the block moves (seconds from the loop's start). */
  movingFrom: number;
  movingUntil: number;
  loopSeconds: number;
}

export async function writeStillThenMovingY4m(path: string, o: StillThenMovingOptions = {}): Promise<ScriptedCamera> {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const fps = o.fps ?? 10;
  const still = Math.round((o.stillSeconds ?? 4) * fps);
  const moving = Math.round((o.movingSeconds ?? 2) * fps);
  const after = Math.round((o.afterSeconds ?? 4) * fps);
  const block = Math.round(height / 3);
  const y = new Uint8Array(width * height);
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  // A still background with some structure (a gradient and stripes), so the JPEGs are pictures.
  const background = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) background[r * width + c] = 40 + Math.round((c / width) * 60) + ((r >> 4) % 2) * 20;
  const paint = (x0: number) => {
    y.set(background);
    for (let r = Math.round(height / 3); r < Math.round(height / 3) + block; r++) y.fill(235, r * width + x0, r * width + x0 + block);
  };
  const left = Math.round(width * 0.05);
  const right = width - block - left;
  const file = await open(path, 'w');
  try {
    await file.write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const frame = async () => {
      await file.write('FRAME\n');
      await file.write(y);
      await file.write(chroma);
      await file.write(chroma);
    };
    paint(left);
    for (let i = 0; i < still; i++) await frame();
    for (let i = 0; i < moving; i++) {
      // There and back: the last moving frame is next to where the still scene has the block.
      const t = (i + 1) / moving;
      const along = t <= 0.5 ? t * 2 : (1 - t) * 2;
      paint(Math.round(left + (right - left) * along));
      await frame();
    }
    paint(left);
    for (let i = 0; i < after; i++) await frame();
  } finally {
    await file.close();
  }
  return { path, width, height, fps, movingFrom: still / fps, movingUntil: (still + moving) / fps, loopSeconds: (still + moving + after) / fps };
}
