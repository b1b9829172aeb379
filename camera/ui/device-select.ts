import { el } from './dom.js';

/** Fills a camera or microphone chooser and reports the chosen device id. */
export function fillDeviceSelect(select: HTMLSelectElement, devices: MediaDeviceInfo[], currentId: string | undefined, onChoose: (deviceId: string) => unknown): void {
  select.replaceChildren(
    ...devices.map((d, i) => el('option', { value: d.deviceId, textContent: d.label || `Device ${i + 1}`, selected: d.deviceId === currentId })),
  );
  select.disabled = devices.length < 2;
  select.onchange = () => void onChoose(select.value);
}
