/**
 * The doorbell chime, synthesised with WebAudio (no audio file to ship). Browsers start an
 * AudioContext only after a user gesture, so the context is created on the first tap anywhere
 * and reused; a chime before any tap is shown but may stay silent.
 */
let context: AudioContext | undefined;
let played = 0;

export function unlockAudioOnFirstGesture(doc: Document): void {
  const unlock = (): void => {
    context ??= new AudioContext();
    void context.resume();
  };
  doc.addEventListener('pointerdown', unlock, { capture: true });
  doc.addEventListener('keydown', unlock, { capture: true });
}

/** Ding-dong: two decaying sine tones. Returns whether audio could actually start. */
export function playChime(): boolean {
  context ??= new AudioContext();
  const ctx = context;
  void ctx.resume();
  const start = ctx.currentTime + 0.05;
  for (const [i, freq] of [659.25, 523.25].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t = start + i * 0.45;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.4, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 1.25);
  }
  played++;
  return ctx.state === 'running';
}

export function chimesPlayed(): number {
  return played;
}
