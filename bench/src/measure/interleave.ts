import { formatRatio, formatValue } from './format';
import { pairedRatios, type MetricSpec, type ResultRow, type Sample } from './result';

/** The two sides of a scenario; each call starts from fresh tables and returns its metrics. */
export interface Pair {
  baseline(rep: number): Promise<Sample>;
  edict(rep: number): Promise<Sample>;
}

/**
 * Runs baseline, Edict, baseline, Edict, … `reps` times, so that drift of the machine (other
 * load, the server's caches, checkpoints) hits both sides alike, and pairs each repetition's values.
 */
export async function interleave(
  specs: readonly MetricSpec[],
  reps: number,
  pair: Pair,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  const baseline: Sample[] = [];
  const edict: Sample[] = [];
  for (let rep = 0; rep < reps; rep++) {
    baseline.push(await pair.baseline(rep));
    edict.push(await pair.edict(rep));
    for (const spec of specs) {
      const row = rowOf(spec, baseline, edict);
      const ratio = spec.ratio === false ? '' : `  ratio ${formatRatio(pairedRatios(row)[rep]!)}`;
      log(
        `  ${spec.label} [${rep + 1}/${reps}]: baseline ${formatValue(row.baseline[rep]!, spec.unit)}, ` +
          `Edict ${formatValue(row.edict[rep]!, spec.unit)} ${spec.unit}${ratio}`,
      );
    }
  }
  return specs.map((spec) => rowOf(spec, baseline, edict));
}

function rowOf(spec: MetricSpec, baseline: readonly Sample[], edict: readonly Sample[]): ResultRow {
  const values = (samples: readonly Sample[]) =>
    samples.map((s) => {
      const value = s[spec.id];
      if (value === undefined) throw new Error(`a run returned no value for ${spec.id}`);
      return value;
    });
  return { ...spec, baseline: values(baseline), edict: values(edict) };
}
