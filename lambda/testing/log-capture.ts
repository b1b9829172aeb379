/** Everything a Powertools logger writes (stdout and stderr) in this process, line by line, kept off the terminal. */
export class LogCapture {
  readonly lines: string[] = [];
  private readonly restores: (() => void)[] = [];
  constructor() {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (text.startsWith('{') && text.includes('"service"')) {
          this.lines.push(...text.split('\n').filter(Boolean));
          return true;
        }
        return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      this.restores.push(() => {
        stream.write = original as typeof stream.write;
      });
    }
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join('\n');
  }
  restore(): void {
    for (const r of this.restores) r();
  }
}
