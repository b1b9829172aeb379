import { chromium, type Browser } from 'playwright-core';

/** The team's headless Chromium: real WebRTC with a fake camera and microphone. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Sound from remote peers must start without a click in a test.
  '--autoplay-policy=no-user-gesture-required',
  // Tests run in a network namespace with nothing but loopback (scripts/loopback-only.sh); WebRTC
  // ignores loopback unless told, and would then have no candidate at all.
  '--allow-loopback-in-peer-connection',
];

/** `extraArgs`: e.g. `--use-file-for-fake-video-capture=<file.y4m>` (a scripted camera, still-then-moving-y4m.ts). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}
