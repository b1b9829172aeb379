/**
 * Plays each session's incoming audio (Alexa's voice, a viewer talking back) in its own element,
 * so one session ending never silences another. Browsers may refuse sound before a click:
 * then `onBlocked` lets the page show an "enable sound" button.
 */
export class RemoteAudio {
  private readonly players = new Map<string, HTMLAudioElement>();
  private volume = 1;

  constructor(
    private readonly container: HTMLElement,
    private readonly onBlocked: () => void,
  ) {}

  set(clientId: string, stream: MediaStream | undefined): void {
    const existing = this.players.get(clientId);
    if (!stream) {
      existing?.remove();
      this.players.delete(clientId);
      return;
    }
    const audio = existing ?? document.createElement('audio');
    audio.autoplay = true;
    audio.volume = this.volume;
    audio.dataset.clientId = clientId;
    audio.srcObject = stream;
    if (!existing) {
      this.container.append(audio);
      this.players.set(clientId, audio);
    }
    audio.play().catch(() => this.onBlocked());
  }

  setVolume(volume: number): void {
    this.volume = volume;
    for (const a of this.players.values()) a.volume = volume;
  }

  /** After a user gesture: start everything the browser held back. */
  resume(): void {
    for (const a of this.players.values()) a.play().catch(() => undefined);
  }
}
