/** Requests served per API action, for the benchmark's "AWS calls per session". */
export class Counters {
  private counts: Record<string, number> = {};

  count(action: string): void {
    this.counts[action] = (this.counts[action] ?? 0) + 1;
  }

  snapshot(): Record<string, number> {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = {};
  }
}
