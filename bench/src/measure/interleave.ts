import { formatRatio, formatValue } from './format';
import { pairedRatios, type MetricSpec, type ResultRow, type Sample, type Side } from './result';

/** The sides of a scenario; each call starts from freshly seeded tables and returns its metrics. */
export interface Sides {
  /** pgbench sending the baseline's own statement, where the scenario has one. */
  limit?(rep: number): Promise<Sample>;
  baseline(rep: number): Promise<Sample>;
  edict(rep: number): Promise<Sample>;
}

const ORDER: readonly Side[] = ['limit', 'baseline', 'edict'];
const DEFAULT_SIDES: readonly Side[] = ['baseline', 'edict'];

/**
 * Runs (pgbench,) baseline, Edict, (pgbench,) baseline, Edict, … `reps` times, so that drift of
 * the machine (other load, the server's caches, checkpoints) hits every side alike, and pairs
 * each repetition's values.
 */
export async function interleave(
  specs: readonly MetricSpec[],
  reps: number,
  sides: Sides,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  const samples: Record<Side, Sample[]> = { limit: [], baseline: [], edict: [] };
  const ran = ORDER.filter((side) => side !== 'limit' || sides.limit !== undefined);
  for (let rep = 0; rep < reps; rep++) {
    for (const side of ran) samples[side].push(await sides[side]!(rep));
    for (const spec of specs) log(`  ${spec.label} [${rep + 1}/${reps}]: ${repetitionLine(rowOf(spec, samples), rep)}`);
  }
  return specs.map((spec) => rowOf(spec, samples));
}

function repetitionLine(row: ResultRow, rep: number): string {
  const value = (side: Side) => formatValue(row[side][rep]!, row.unit);
  const parts: string[] = [];
  if (row.limit.length > 0) parts.push(`pgbench ${value('limit')}`);
  if (row.baseline.length > 0) parts.push(`baseline ${value('baseline')}`);
  if (row.edict.length > 0) parts.push(`Edict ${value('edict')}`);
  let line = `${parts.join(', ')} ${row.unit}`;
  if (row.ratio !== false && row.edict.length > 0 && row.baseline.length > 0) {
    line += `  ratio ${formatRatio(pairedRatios(row)[rep]!)}`;
  }
  if (row.limit.length > 0 && row.baseline.length > 0) {
    line += `  baseline ÷ pgbench ${formatRatio(pairedRatios(row, 'baseline', 'limit')[rep]!)}`;
  }
  return line;
}

function rowOf(spec: MetricSpec, samples: Readonly<Record<Side, readonly Sample[]>>): ResultRow {
  const expected = spec.sides ?? DEFAULT_SIDES;
  const values = (side: Side) =>
    expected.includes(side)
      ? samples[side].map((s) => {
          const value = s[spec.id];
          if (value === undefined) throw new Error(`a ${side} run returned no value for ${spec.id}`);
          return value;
        })
      : [];
  return { ...spec, limit: values('limit'), baseline: values('baseline'), edict: values('edict') };
}
