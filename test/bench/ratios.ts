/** Prints each benchmark of a comparison as a multiple of the baseline measured in the same run. */
interface Measured {
  get(name: string): { throughput: { mean: number } } | undefined;
}

export function printRatios(title: string, result: Measured, baseline: string, others: readonly string[]): void {
  const base = result.get(baseline)?.throughput.mean;
  if (base === undefined) throw new Error(`no result for baseline ${baseline}`);
  const rate = (hz: number) => `${Math.round(hz).toLocaleString('en')} ops/s`;
  const lines = others.map((name) => {
    const hz = result.get(name)?.throughput.mean;
    if (hz === undefined) throw new Error(`no result for ${name}`);
    return `  ${name}: ${(hz / base).toFixed(1)}× ${baseline} (${rate(hz)})`;
  });
  console.log([`${title}: baseline ${baseline} ${rate(base)}`, ...lines].join('\n'));
}

/** The value below which `p` per cent of `values` fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `rows` under `header` in aligned columns, indented two spaces; `align` has an `l` or `r` per column. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
