import { BROKEN_BELOW, brokenBaselineMessage, checkBaselines } from '../../src/measure/baseline-check';
import { limitTable } from '../../src/measure/limit-table';
import type { ResultRow } from '../../src/measure/result';
import { TARGETS } from '../../src/measure/targets';
import { targetsTable } from '../../src/measure/targets-table';

const warm32 = (baseline: number[], limit: number[], edict: number[]): ResultRow => ({
  id: 'dispatch.warm.c32',
  label: 'dispatch, warm, c=32',
  unit: 'cmd/s',
  better: 'higher',
  sides: ['limit', 'baseline', 'edict'],
  limit,
  baseline,
  edict,
});

describe('the baseline checked against pgbench', () => {
  it('is sound at three quarters of pgbench, and the run says nothing', () => {
    const row = warm32([15_000, 14_000, 16_000], [20_000, 20_000, 20_000], [30_000, 30_000, 30_000]);
    expect(checkBaselines([row])).toEqual([{ label: row.label, ratio: 0.75, broken: false }]);
    expect(brokenBaselineMessage([row], false)).toBeUndefined();
    expect(limitTable([row])).toContain('| sound |');
  });

  it(`is broken below ${BROKEN_BELOW} × pgbench, and the run says so loudly, in the table and in the targets`, () => {
    const row = warm32([10_000, 10_700, 9_000], [20_000, 20_000, 20_000], [19_000, 19_000, 19_000]);
    expect(checkBaselines([row])[0]).toMatchObject({ broken: true });
    const message = brokenBaselineMessage([row], false)!;
    expect(message).toContain('BROKEN BASELINE');
    expect(message).toContain('dispatch, warm, c=32');
    expect(message).toContain('0.50 × pgbench');
    expect(limitTable([row])).toContain('**BROKEN**');
    // Edict at 1.9 × a broken baseline "meets" the 1.5 × target: the verdict says why not to trust it.
    const table = targetsTable([row], 'default');
    expect(table).toContain('| 1.90 (Edict 19,000 cmd/s) | met, but the baseline failed its check against pgbench |');
    expect(table).toContain("| ≥ 1.0 × pgbench's single insert | 0.95 (Edict 19,000 cmd/s) | not met |");
  });

  it('judges the pgbench target on the paired ratio Edict ÷ pgbench', () => {
    const row = warm32([15_000], [20_000], [21_000]);
    const target = TARGETS.find((t) => t.goal.includes('pgbench'))!;
    expect(target.judge(new Map([[row.id, row]]))).toMatchObject({ met: true, measured: '1.05 (Edict 21,000 cmd/s)' });
  });
});
