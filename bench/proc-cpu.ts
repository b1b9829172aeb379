/** CPU time of a process and all its descendants, from /proc (Linux): how busy a browser is. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc {
  ppid: number;
  ticks: number;
}

function snapshot(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may itself contain spaces and parentheses.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}

/** Direct children of a process, now. */
export function childrenOf(pid: number): number[] {
  return [...snapshot()].filter(([, p]) => p.ppid === pid).map(([id]) => id);
}

/** CPU seconds used so far by `root` and everything under it. */
export function treeCpuSeconds(root: number): number {
  const procs = snapshot();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, p] of procs) if (!inTree.has(id) && inTree.has(p.ppid)) (inTree.add(id), (grew = true));
  }
  let ticks = 0;
  for (const id of inTree) ticks += procs.get(id)?.ticks ?? 0;
  return ticks / TICKS_PER_SECOND;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}
