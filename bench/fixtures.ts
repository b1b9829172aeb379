/**
 * The SDPs the skill's tests use (lambda/testing/fixtures/), read as data: an Echo Show's recorded
 * offer, and a camera's answer for a master that answers at once.
 */
import { readFileSync } from 'node:fs';

const sdp = (name: string): string => readFileSync(new URL(`../lambda/testing/fixtures/${name}`, import.meta.url), 'utf8');

export const ECHO_SHOW_OFFER = sdp('echo-show-offer.sdp');
export const CAMERA_ANSWER = sdp('camera-answer.sdp');
