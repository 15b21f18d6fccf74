import { interleave } from '../../src/measure/interleave';
import type { MetricSpec } from '../../src/measure/result';
import { medianRatio, pairedRatios } from '../../src/measure/result';

const rate: MetricSpec = {
  id: 'r',
  label: 'rate',
  unit: 'cmd/s',
  better: 'higher',
  sides: ['limit', 'baseline', 'edict'],
};
const limitOnly: MetricSpec = { id: 'l', label: 'limit only', unit: 'events/s', better: 'higher', sides: ['limit'] };
const time: MetricSpec = { id: 't', label: 'time', unit: 'ms', better: 'lower' };

describe('interleave', () => {
  it('runs pgbench, baseline and Edict in turn in every repetition, and pairs their values by repetition', async () => {
    const order: string[] = [];
    const rows = await interleave(
      [rate, limitOnly],
      3,
      {
        limit: async (rep) => (order.push(`limit${rep}`), { r: 100 + rep, l: 1000 }),
        baseline: async (rep) => (order.push(`baseline${rep}`), { r: 50 + rep }),
        edict: async (rep) => (order.push(`edict${rep}`), { r: 25 + rep }),
      },
      () => undefined,
    );
    expect(order).toEqual([
      'limit0',
      'baseline0',
      'edict0',
      'limit1',
      'baseline1',
      'edict1',
      'limit2',
      'baseline2',
      'edict2',
    ]);
    const [r, l] = rows;
    expect(r).toMatchObject({ limit: [100, 101, 102], baseline: [50, 51, 52], edict: [25, 26, 27] });
    expect(l).toMatchObject({ limit: [1000, 1000, 1000], baseline: [], edict: [] });
    expect(pairedRatios(r!)).toEqual([25 / 50, 26 / 51, 27 / 52]);
    expect(medianRatio(r!, 'baseline', 'limit')).toBe(51 / 101);
  });

  it('fails when a side does not report a metric it measures', async () => {
    await expect(
      interleave(
        [rate],
        1,
        { limit: async () => ({}), baseline: async () => ({ r: 1 }), edict: async () => ({ r: 1 }) },
        () => undefined,
      ),
    ).rejects.toThrow('a limit run returned no value for r');
  });

  it('orients ratios so that above 1 is Edict better, for times as for rates', async () => {
    const [row] = await interleave(
      [time],
      1,
      { baseline: async () => ({ t: 2 }), edict: async () => ({ t: 4 }) },
      () => undefined,
    );
    expect(row!.limit).toEqual([]);
    expect(medianRatio(row!)).toBe(0.5);
  });
});
