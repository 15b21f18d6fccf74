import { readFileSync } from 'node:fs';

/** The machine's CPU time counters (all cores), from /proc/stat; undefined where there is none. */
export interface CpuTimes {
  readonly total: number;
  readonly steal: number;
}

export function cpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7]! };
  } catch {
    return undefined;
  }
}

/**
 * The share of CPU time the host took from this virtual machine between two readings (steal):
 * time the benchmark's processes were ready to run and did not. Above a few percent, absolute
 * figures drop and spreads widen, ratios less so since both sides run interleaved.
 */
export function stealShare(from: CpuTimes | undefined, to: CpuTimes | undefined): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return (to.steal - from.steal) / (to.total - from.total);
}
