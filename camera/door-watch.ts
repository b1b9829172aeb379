/**
 * What the camera page does about visitors, apart from streaming: motion detection on the preview
 * (on or off, sensitivity and zone, kept per doorbell in localStorage), motion start and end to the
 * device API (Alexa hears Alexa.MotionSensor), and a picture for each motion start and each press.
 * The camera page starts it with its device API client and preview; it keeps its own controls.
 */
import type { DeviceApiClient } from './device-api/client.js';
import { MotionReporter } from './motion/motion-reporter.js';
import { MotionSampler } from './motion/motion-sampler.js';
import { parseSettings, settingsKey, type MotionSettings } from './motion/settings.js';
import { ZoneEditor } from './motion/zone-editor.js';
import { SnapshotRequestPoll } from './snapshots/request-poll.js';
import { SnapshotUploader, type UploadedSnapshot } from './snapshots/uploader.js';
import { byId } from './ui/dom.js';

export interface DoorWatchHandle {
  settings(): MotionSettings;
  moving(): boolean;
  /** Motion changes the page reported, in order. */
  reported(): { state: 'DETECTED' | 'NOT_DETECTED'; at: number; outcome?: string }[];
  uploads(): UploadedSnapshot[];
  cost(): { samples: number; busyMs: number };
  setEnabled(enabled: boolean): void;
}

export function startDoorWatch(api: DeviceApiClient, endpointId: string, video: HTMLVideoElement): DoorWatchHandle {
  const key = settingsKey(endpointId);
  let settings = parseSettings(localStorage.getItem(key));
  const save = () => localStorage.setItem(key, JSON.stringify(settings));
  const reported: ReturnType<DoorWatchHandle['reported']> = [];
  const motionState = byId('motion-state');
  const lastPicture = byId('last-picture');

  const reporter = new MotionReporter((state) => api.motion(state));
  // Before anything moves: an earlier life of this page may have left DETECTED stored.
  void reporter.reset().catch(() => undefined);

  const uploader = new SnapshotUploader(api, video, (result) => {
    lastPicture.textContent =
      result instanceof Error ? `Picture not saved: ${result.message}` : `Picture of the ${result.reason.toLowerCase()} saved (${Math.round(result.bytes / 1024)} KB, ${Math.round(result.totalMs)} ms).`;
  });
  const sampler = new MotionSampler({
    video,
    onChange(change) {
      const state = change === 'start' ? 'DETECTED' : 'NOT_DETECTED';
      const entry: (typeof reported)[number] = { state, at: Date.now() };
      reported.push(entry);
      motionState.textContent = change === 'start' ? 'Motion: detected' : 'Motion: none';
      motionState.dataset.tone = change === 'start' ? 'warning' : 'ok';
      void reporter.report(state).then(
        (answer) => {
          entry.outcome = answer.outcome;
          if (answer.eventId) void uploader.take(answer.eventId, 'MOTION');
        },
        (error: unknown) => (entry.outcome = error instanceof Error ? error.message : String(error)),
      );
    },
  });
  sampler.setSensitivity(settings.sensitivity);
  sampler.setZone(settings.zone);

  const editor = new ZoneEditor(byId<HTMLCanvasElement>('motion-zone'), (zone) => {
    settings = { ...settings, ...(zone ? { zone } : {}) };
    if (!zone) delete settings.zone;
    sampler.setZone(zone);
    save();
  });
  editor.set(settings.zone);

  const enabled = byId<HTMLInputElement>('motion-enabled');
  const sensitivity = byId<HTMLInputElement>('motion-sensitivity');
  const setEnabled = (on: boolean) => {
    settings = { ...settings, enabled: on };
    enabled.checked = on;
    save();
    if (on) sampler.start();
    else sampler.stop();
    motionState.textContent = on ? 'Motion: none' : 'Motion: off';
    motionState.dataset.tone = on ? 'ok' : 'busy';
  };
  enabled.addEventListener('change', () => setEnabled(enabled.checked));
  sensitivity.value = String(settings.sensitivity);
  sensitivity.addEventListener('input', () => {
    settings = { ...settings, sensitivity: Number(sensitivity.value) };
    sampler.setSensitivity(settings.sensitivity);
    save();
  });
  byId('motion-draw-zone').addEventListener('click', () => editor.beginDrawing());
  byId('motion-clear-zone').addEventListener('click', () => editor.set(undefined, true));
  setEnabled(settings.enabled);

  new SnapshotRequestPoll(api, uploader).start();

  return {
    settings: () => settings,
    moving: () => sampler.moving,
    reported: () => reported.map((r) => ({ ...r })),
    uploads: () => [...uploader.uploads],
    cost: () => ({ ...sampler.cost }),
    setEnabled,
  };
}
