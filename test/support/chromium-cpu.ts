/**
 * What a benchmark's phase cost the machine's cores: the CPU time of every
 * Chromium process this test process launched (the page, its workers, and
 * IndexedDB's backend in the browser process), from Linux's /proc. A rate
 * alone cannot tell "the kit waits on storage" from "the kit and storage
 * share two busy cores"; CPU per event and cores busy can (issue 14).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CPU_BINDING } from './cpu-binding';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture it runs on. */
const MS_PER_TICK = 10;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime + cutime + cstime, in ticks: a process's own threads and its children that exited. */
  readonly ticks: number;
}

function procStat(pid: string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone since the listing
  }
  // proc(5): fields after the parenthesised command, which may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return { ppid: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime! };
}

/** CPU ms used so far by every process descended from this one; undefined without /proc. */
export function chromiumCpuMs(root = process.pid): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat !== undefined) stats.set(Number(pid), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)!.ticks;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks * MS_PER_TICK;
}

/** Lets the page read `chromiumCpuMs` (./cpu-binding.ts; -1 where it cannot be measured). */
export async function exposeChromiumCpu(page: Page): Promise<void> {
  await page.exposeFunction(CPU_BINDING, () => chromiumCpuMs() ?? -1);
}
