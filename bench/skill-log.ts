/**
 * The skill's JSON log lines in the benchmark's process: kept off the terminal (the skill logs
 * one line per directive, thousands of them), and read for the `elapsedMs` the skill logs for each
 * session it answered. Installed once for the whole run, on first use.
 */
let tap: SkillLog | undefined;

export interface SkillLog {
  /** The skill's own elapsedMs for the directive of this session, once it has logged it. */
  elapsedMs(sessionId: string): number | undefined;
}

export function skillLog(): SkillLog {
  if (tap) return tap;
  const elapsed = new Map<string, number>();
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.startsWith('{') || !text.includes('"service"')) return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    for (const line of text.split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { message?: string; sessionId?: string; elapsedMs?: number };
      if (record.message === 'directive' && record.sessionId && typeof record.elapsedMs === 'number') elapsed.set(record.sessionId, record.elapsedMs);
    }
    return true;
  }) as typeof process.stdout.write;
  tap = { elapsedMs: (sessionId) => elapsed.get(sessionId) };
  return tap;
}
