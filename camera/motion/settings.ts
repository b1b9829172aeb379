/**
 * The motion settings a person chooses on the camera page (on or off, sensitivity, zone), kept in
 * localStorage per doorbell so a reload keeps them: the parsing is pure and tested.
 */
import type { Zone } from './frame-diff.js';

export interface MotionSettings {
  enabled: boolean;
  /** 1-100; higher fires on smaller movements. */
  sensitivity: number;
  /** Absent: the whole picture. */
  zone?: Zone;
}

export const DEFAULT_SETTINGS: MotionSettings = { enabled: true, sensitivity: 50 };

export const settingsKey = (endpointId: string) => `doorbell-motion:${endpointId}`;

const fraction = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** A stored zone, if it is a rectangle inside the picture and not too small to see anything in (2 % each way). */
export function parseZone(value: unknown): Zone | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  if (!fraction(x) || !fraction(y) || !fraction(width) || !fraction(height)) return undefined;
  if (width < 0.02 || height < 0.02 || x + width > 1.0001 || y + height > 1.0001) return undefined;
  return { x, y, width, height };
}

export function parseSettings(text: string | null): MotionSettings {
  if (!text) return { ...DEFAULT_SETTINGS };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const sensitivity = typeof raw.sensitivity === 'number' && raw.sensitivity >= 1 && raw.sensitivity <= 100 ? Math.round(raw.sensitivity) : DEFAULT_SETTINGS.sensitivity;
  const zone = parseZone(raw.zone);
  return { enabled: raw.enabled !== false, sensitivity, ...(zone ? { zone } : {}) };
}

/** The rectangle between two points of a drag, in fractions of the picture (either corner first). */
export function zoneFromDrag(a: { x: number; y: number }, b: { x: number; y: number }): Zone | undefined {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x = clamp(Math.min(a.x, b.x));
  const y = clamp(Math.min(a.y, b.y));
  return parseZone({ x, y, width: clamp(Math.max(a.x, b.x)) - x, height: clamp(Math.max(a.y, b.y)) - y });
}
