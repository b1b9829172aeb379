/** `npm audit --omit=dev`: high and critical advisories in what ships, or why it could not run. */
import { execFile } from 'node:child_process';

export interface AuditResult {
  ran: boolean;
  counts?: Record<string, number>;
  highOrCritical?: number;
  error?: string;
}

export function runAudit(cwd: string): Promise<AuditResult> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (_err, stdout) => {
      // npm audit exits non-zero when it finds advisories; the JSON says what happened either way.
      try {
        const report = JSON.parse(stdout) as { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { summary?: string } };
        const counts = report.metadata?.vulnerabilities;
        if (!counts) return resolve({ ran: false, error: report.message ?? report.error?.summary ?? 'no audit report' });
        resolve({ ran: true, counts, highOrCritical: (counts.high ?? 0) + (counts.critical ?? 0) });
      } catch {
        resolve({ ran: false, error: 'npm audit printed no JSON' });
      }
    });
  });
}
