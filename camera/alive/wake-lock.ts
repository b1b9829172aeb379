/**
 * A Screen Wake Lock while the camera runs, so the laptop does not blank its screen and sleep.
 * The browser releases it whenever the page is hidden; it is asked for again when the page is
 * visible again. Where there is none (an older browser, a permission policy), the page says so:
 * the laptop's own sleep settings then decide.
 */
export type WakeLockState = { kind: 'held' } | { kind: 'released' } | { kind: 'unavailable'; reason: string };

export class ScreenWakeLock {
  private sentinel: WakeLockSentinel | undefined;
  private wanted = false;

  constructor(
    private readonly onState: (state: WakeLockState) => void,
    private readonly wakeLock: Pick<WakeLock, 'request'> | undefined = navigator.wakeLock,
  ) {}

  /** Asks for the lock (again, after a release). */
  async acquire(): Promise<void> {
    this.wanted = true;
    if (this.sentinel && !this.sentinel.released) return;
    if (!this.wakeLock) return this.onState({ kind: 'unavailable', reason: 'this browser has no Screen Wake Lock' });
    try {
      const sentinel = await this.wakeLock.request('screen');
      if (!this.wanted) return void sentinel.release();
      this.sentinel = sentinel;
      sentinel.addEventListener('release', () => {
        if (this.sentinel === sentinel) this.sentinel = undefined;
        if (this.wanted) this.onState({ kind: 'released' });
      });
      this.onState({ kind: 'held' });
    } catch (error) {
      this.onState({ kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  release(): void {
    this.wanted = false;
    void this.sentinel?.release();
    this.sentinel = undefined;
  }
}

export function describeWakeLock(state: WakeLockState): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'held':
      return { text: 'Screen: kept awake', tone: 'ok' };
    case 'released':
      return { text: 'Screen: may sleep while this tab is hidden', tone: 'busy' };
    case 'unavailable':
      return { text: `Screen: cannot be kept awake (${state.reason}); turn sleep off on this computer`, tone: 'bad' };
  }
}
