import { parsePgbench } from '../../src/support/pgbench';

const summary = (processed: number, failed: number, tps = '11812.176716') => `pgbench (15.20 (Debian 15.20-0+deb12u1))
transaction type: script.sql
scaling factor: 1
query mode: simple
number of clients: 8
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: ${processed}
number of failed transactions: ${failed} (0.000%)
latency average = 0.677 ms
initial connection time = 9.012 ms
tps = ${tps} (without initial connection time)
`;

describe('parsePgbench', () => {
  it("reads the rate without pgbench's connection time, and the transactions processed", () => {
    expect(parsePgbench(summary(35436, 0))).toEqual({ tps: 11812.176716, transactions: 35436 });
  });

  it('refuses a run with failed transactions', () => {
    expect(() => parsePgbench(summary(35436, 3))).toThrow('3 transactions failed');
  });

  it('refuses a run that processed nothing', () => {
    expect(() => parsePgbench(summary(0, 0, '0.000000'))).toThrow('processed no transaction');
  });

  it('refuses output it does not recognise rather than reading a rate from it', () => {
    expect(() => parsePgbench('tps = 12.5\n')).toThrow('unexpected pgbench output');
  });
});
