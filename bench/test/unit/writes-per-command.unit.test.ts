import { writesPerCommand, type TableWrites } from '../../src/support/table-writes';

const snapshot = (tables: Record<string, [number, number, number]>, bytes: number): TableWrites => ({
  tables: new Map(Object.entries(tables).map(([name, [ins, upd, del]]) => [name, { ins, upd, del }])),
  bytes,
});

describe('writesPerCommand', () => {
  it('counts every row inserted, updated or deleted in every table, per command, and says where', () => {
    const before = snapshot({ events: [1000, 0, 0], head: [1, 0, 0], streams: [100, 900, 0] }, 800_000);
    const after = snapshot(
      { events: [1200, 0, 0], head: [1, 50, 0], streams: [100, 1100, 0], commands: [0, 0, 0] },
      900_000,
    );
    expect(writesPerCommand(before, after, 200)).toEqual({
      rows: 2.25,
      byTable: 'events 1.00 ins, head 0.25 upd, streams 1.00 upd',
      bytes: 500,
    });
  });

  it('counts a table that appeared during the run from zero', () => {
    const after = snapshot({ dead_letters: [2, 0, 1], events: [10, 0, 0] }, 100);
    expect(writesPerCommand(snapshot({ events: [0, 0, 0] }, 0), after, 10)).toMatchObject({
      rows: 1.3,
      byTable: 'dead_letters 0.20 ins, dead_letters 0.10 del, events 1.00 ins',
    });
  });
});
