/**
 * The moments a long-running page should check that it is still connected: it became visible
 * again (a hidden tab's timers are throttled, for minutes), the network came back, or the machine
 * woke from sleep. Browsers have no wake event; a timer that fires much later than asked is one.
 */
export type LifecycleEvent = 'visible' | 'online' | 'wake';

export interface LifecycleOptions {
  /** How often the watchdog timer runs (default 5 s). */
  tickMs?: number;
  /** A tick this much later than due means the machine slept (default 15 s: well beyond throttling of a visible tab). */
  lateMs?: number;
  now?: () => number;
  doc?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  win?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/** Calls `on` for each event until the returned function is called. */
export function watchLifecycle(on: (event: LifecycleEvent, detail: { sleptMs?: number }) => void, o: LifecycleOptions = {}): () => void {
  const doc = o.doc ?? document;
  const win = o.win ?? window;
  const now = o.now ?? (() => Date.now());
  const tickMs = o.tickMs ?? 5_000;
  const lateMs = o.lateMs ?? 15_000;
  const onVisibility = () => doc.visibilityState === 'visible' && on('visible', {});
  const onOnline = () => on('online', {});
  let last = now();
  const timer = setInterval(() => {
    const t = now();
    const late = t - last - tickMs;
    last = t;
    // A hidden tab's timers may run once a minute (Chromium's intensive throttling): not a sleep.
    if (late > lateMs && (doc.visibilityState === 'visible' || late > 2 * 60_000)) on('wake', { sleptMs: late });
  }, tickMs);
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('online', onOnline);
  return () => {
    clearInterval(timer);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('online', onOnline);
  };
}
