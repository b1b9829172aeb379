/**
 * What a JPEG's bytes say about it, for tests that check a stored picture without decoding it:
 * the SOI and EOI markers at its ends and the frame header's dimensions (SOF0 baseline, as
 * Chromium's canvas.toBlob writes it; SOF1/SOF2 are named too, so a change shows up as such).
 */
export interface JpegInfo {
  /** 'SOF0' baseline, 'SOF1' extended, 'SOF2' progressive. */
  frame: 'SOF0' | 'SOF1' | 'SOF2';
  width: number;
  height: number;
}

const FRAMES: Record<number, JpegInfo['frame']> = { 0xc0: 'SOF0', 0xc1: 'SOF1', 0xc2: 'SOF2' };

/** Throws with the reason when the bytes are not a whole JPEG with a frame header. */
export function jpegInfo(bytes: Uint8Array): JpegInfo {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('no SOI marker (FFD8) at the start');
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) throw new Error('no EOI marker (FFD9) at the end');
  // Walk the marker segments after SOI until the frame header; each segment's length follows its marker.
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const frame = FRAMES[marker];
    if (frame) {
      const height = (bytes[at + 5]! << 8) | bytes[at + 6]!;
      const width = (bytes[at + 7]! << 8) | bytes[at + 8]!;
      return { frame, width, height };
    }
    if (marker === 0xda) break; // start of scan before any frame header
    at += 2 + length;
  }
  throw new Error('no frame header (SOF) before the scan');
}
