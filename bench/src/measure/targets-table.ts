import type { Mode } from '../mode';
import { markdownTable } from './format';
import type { ResultRow } from './result';
import { TARGETS } from './targets';

export function targetsTable(rows: readonly ResultRow[], mode: Mode): string {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return markdownTable(
    ['scenario', 'target', 'measured', 'verdict'],
    TARGETS.map((target) => {
      const judged = target.judge(byId);
      if (!judged) return [target.scenario, target.goal, 'not run', '—'];
      let verdict = judged.met ? 'met' : 'not met';
      if (mode === 'smoke') verdict += ' (smoke sizes)';
      if (judged.caveat) verdict += `, but ${judged.caveat}`;
      return [target.scenario, target.goal, judged.measured, verdict];
    }),
  );
}
