/**
 * The page's side of test/support/chromium-cpu.ts: Node exposes the
 * Chromium processes' CPU time to a bench page under `CPU_BINDING`.
 */

/** The name of the function Node puts on the page. */
export const CPU_BINDING = '__aidtrailChromiumCpuMs';

/** CPU ms every Chromium process of this run has used so far; NaN where Node cannot measure it (no /proc) or did not expose it. */
export async function chromiumCpuMs(): Promise<number> {
  const read = (globalThis as Record<string, unknown>)[CPU_BINDING] as (() => Promise<number>) | undefined;
  const ms = read === undefined ? -1 : await read();
  return ms < 0 ? Number.NaN : ms;
}

/** What a measured piece of work took: wall-clock ms, and CPU ms across Chromium's processes. */
export interface Cost {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Runs `work`, with what it cost. */
export async function costOf<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly cost: Cost }> {
  const cpu0 = await chromiumCpuMs();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  return { value, cost: { ms, cpuMs: (await chromiumCpuMs()) - cpu0 } };
}
