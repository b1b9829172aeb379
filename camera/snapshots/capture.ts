/**
 * A still of the camera's current frame as a JPEG, at the video's own size but never narrower than
 * SNAPSHOT_MIN_WIDTH (Alexa's tile and the history want a picture a person can recognise).
 */
import { SNAPSHOT_CONTENT_TYPE, SNAPSHOT_MIN_WIDTH } from '../../contracts/snapshots.js';

const QUALITY = 0.8;

export async function captureJpeg(video: HTMLVideoElement): Promise<Blob> {
  if (video.readyState < 2 || video.videoWidth === 0) throw new Error('The camera has no picture yet.');
  const width = Math.max(SNAPSHOT_MIN_WIDTH, video.videoWidth);
  const height = Math.round((video.videoHeight * width) / video.videoWidth);
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot take a picture (no 2D canvas).');
  ctx.drawImage(video, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be encoded.'))), SNAPSHOT_CONTENT_TYPE, QUALITY));
}
