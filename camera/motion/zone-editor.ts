/**
 * The motion zone on the camera's preview: a rectangle drawn with the mouse (or a finger) on a
 * canvas laid over the video, shown while it applies; outside it nothing counts as motion (a road
 * across the street, a tree in the wind). The rectangle is kept in fractions of the picture.
 */
import type { Zone } from './frame-diff.js';
import { zoneFromDrag } from './settings.js';

export class ZoneEditor {
  private drawing = false;
  private from: { x: number; y: number } | undefined;
  private zone: Zone | undefined;

  constructor(
    private readonly overlay: HTMLCanvasElement,
    private readonly onZone: (zone: Zone | undefined) => void,
  ) {
    overlay.addEventListener('pointerdown', (e) => {
      if (!this.drawing) return;
      this.from = this.point(e);
      overlay.setPointerCapture(e.pointerId);
    });
    overlay.addEventListener('pointermove', (e) => {
      if (this.drawing && this.from) this.paint(zoneFromDrag(this.from, this.point(e)));
    });
    overlay.addEventListener('pointerup', (e) => {
      if (!this.drawing || !this.from) return;
      const zone = zoneFromDrag(this.from, this.point(e));
      this.from = undefined;
      this.drawing = false;
      overlay.dataset.drawing = 'false';
      if (zone) this.set(zone, true);
      else this.paint(this.zone);
    });
    new ResizeObserver(() => this.paint(this.zone)).observe(overlay);
  }

  /** The next drag draws the zone. */
  beginDrawing(): void {
    this.drawing = true;
    this.overlay.dataset.drawing = 'true';
  }

  set(zone: Zone | undefined, fromUser = false): void {
    this.zone = zone;
    this.paint(zone);
    if (fromUser) this.onZone(zone);
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = this.overlay.getBoundingClientRect();
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  }

  private paint(zone: Zone | undefined): void {
    const { overlay } = this;
    overlay.width = overlay.clientWidth;
    overlay.height = overlay.clientHeight;
    const ctx = overlay.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!zone) return;
    const [x, y, w, h] = [zone.x * overlay.width, zone.y * overlay.height, zone.width * overlay.width, zone.height * overlay.height];
    // Dim what the zone leaves out, and outline the zone.
    ctx.fillStyle = 'rgba(0, 0, 0, 0.35)';
    ctx.fillRect(0, 0, overlay.width, overlay.height);
    ctx.clearRect(x, y, w, h);
    ctx.strokeStyle = '#ffd400';
    ctx.lineWidth = 2;
    ctx.strokeRect(x, y, w, h);
  }
}
