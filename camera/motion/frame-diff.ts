/**
 * Frame differencing on a small grayscale copy of the video: pure functions over byte arrays, so
 * the detector's arithmetic is tested without a browser. A pixel counts as changed when its
 * brightness moved by more than `pixelThreshold` (0-255): sensor noise and a slow change of light
 * stay below it, something crossing the picture does not.
 */

/** A rectangle in fractions of the picture (0-1), so it survives a change of resolution. */
export interface Zone {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WHOLE_PICTURE: Zone = { x: 0, y: 0, width: 1, height: 1 };

/** RGBA (a canvas's ImageData) to 8-bit luma, Rec. 601 weights in integers, into `out`. */
export function toGray(rgba: Uint8ClampedArray | Uint8Array, out: Uint8Array): Uint8Array {
  for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  return out;
}

/** The zone in whole pixels of a width x height picture, at least one pixel each way. */
export function zonePixels(zone: Zone, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  const x0 = Math.min(width - 1, Math.max(0, Math.floor(zone.x * width)));
  const y0 = Math.min(height - 1, Math.max(0, Math.floor(zone.y * height)));
  const x1 = Math.max(x0 + 1, Math.min(width, Math.ceil((zone.x + zone.width) * width)));
  const y1 = Math.max(y0 + 1, Math.min(height, Math.ceil((zone.y + zone.height) * height)));
  return { x0, y0, x1, y1 };
}

/** The share (0-1) of the zone's pixels whose brightness changed by more than `pixelThreshold` between two frames. */
export function changedShare(previous: Uint8Array, current: Uint8Array, width: number, height: number, zone: Zone, pixelThreshold: number): number {
  const { x0, y0, x1, y1 } = zonePixels(zone, width, height);
  let changed = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const d = current[row + x]! - previous[row + x]!;
      if (d > pixelThreshold || d < -pixelThreshold) changed++;
    }
  }
  return changed / ((x1 - x0) * (y1 - y0));
}
