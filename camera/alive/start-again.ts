/**
 * An unattended page (the camera, the doorbell button) that could not start tries again by itself. After a reboot the browser brings the
 * tab back before the network or the webcam is ready: site-config.json does not load, or
 * getUserMedia finds the camera busy. Nobody is there to press reload, so the page reloads itself,
 * 5 s later the first time and twice as long each time after, up to 5 minutes; it says so on
 * screen. The count of tries lives in sessionStorage (this tab only, no secret) and is cleared once
 * the page runs.
 */
const TRIES_KEY = 'doorbell-start-tries';
export const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;

export interface StartAgainDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  reload: () => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
  /** Told how long until the next try, for the page to show. */
  onScheduled: (delayMs: number, tries: number) => void;
}

export function delayAfter(tries: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, tries - 1));
}

/** The page failed to start: reload it after the next delay. */
export function startAgainLater(deps: StartAgainDeps): number {
  const tries = Number(deps.storage.getItem(TRIES_KEY) ?? '0') + 1;
  deps.storage.setItem(TRIES_KEY, String(tries));
  const delay = delayAfter(tries);
  deps.onScheduled(delay, tries);
  deps.setTimeout(() => deps.reload(), delay);
  return delay;
}

/** The page runs: the next failure starts from the first delay again. */
export function startedWell(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(TRIES_KEY);
}

/**
 * An unattended page's start: `main` either runs the page, or ends without an error when the
 * device is not set up or was revoked (its owner must act: no reload helps); a `main` that throws
 * is tried again by a reload later, and `fail` shows why and when.
 */
export function startTryingAgain(main: () => Promise<void>, fail: (message: string) => void): void {
  main().then(
    () => startedWell(sessionStorage),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      startAgainLater({
        storage: sessionStorage,
        reload: () => location.reload(),
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        onScheduled: (ms) => fail(`${message} Starting again by itself in ${Math.round(ms / 1000)} s.`),
      });
    },
  );
}
