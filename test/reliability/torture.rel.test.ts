import { startChild } from './support/children';
import { storedEvents, versionGaps } from './support/db';
import { figureLine } from './support/figure';
import { childScenario } from './support/scenario';

const PROCESSES = 3;
const DISPATCHERS = 32;
const ACCOUNTS = 10;
/**
 * Each dispatcher sends up to 2,000 commands (192,000 in all) but stops after SECONDS: on two
 * cores, ten aggregates written by three processes take under a thousand commands a second (each
 * process's cached state is mostly stale, so most commands meet a conflict and reload), and
 * the whole suite has about ten minutes.
 */
const COMMANDS = Number(process.env.REL_TORTURE_COMMANDS ?? 2_000);
const SECONDS = Number(process.env.REL_TORTURE_SECONDS ?? 60);

interface AccountReport {
  accepted: number;
  delta: number;
  versions: number[];
  refused: Record<string, number>;
}

/**
 * Guarantee 2 (optimistic concurrency, no lost update under any number of writers or
 * processes) and guarantee 1 (atomic appends), under load: several OS processes, each with
 * many concurrent dispatchers, on a few hot aggregates with a business rule (no overdraft).
 */
describe('concurrency torture', () => {
  const figure = figureLine('torture');
  const scenario = childScenario('torture');

  it('loses no update and breaks no rule: balances equal the sum of the accepted commands, versions contiguous', async () => {
    const { pool, schema, children } = scenario;
    for (let p = 0; p < PROCESSES; p++) {
      children.push(
        startChild('torture-process.cjs', `torture-${p}`, {
          EDICT_SCHEMA: schema,
          DISPATCHERS: String(DISPATCHERS),
          COMMANDS: String(COMMANDS),
          SECONDS: String(SECONDS),
          ACCOUNTS: String(ACCOUNTS),
          SNAPSHOT_EVERY: '50',
        }),
      );
    }
    await Promise.all(children.map((c) => c.next('ready', 30_000)));
    const started = Date.now();
    for (const c of children) c.send({ cmd: 'go' });
    const reports = await Promise.all(children.map((c) => c.next('report', (SECONDS + 120) * 1000)));
    const seconds = (Date.now() - started) / 1000;

    const stored = await storedEvents(pool, schema, 'relacct-hot-');
    let accepted = 0;
    let lost = 0;
    let duplicates = 0;
    let balanceMismatches = 0;
    let staleDecisions = 0;
    let overdrawnInLog = 0;
    const refused: Record<string, number> = {};
    for (let a = 0; a < ACCOUNTS; a++) {
      const streamId = `relacct-hot-${a}`;
      const per = reports.map((r) => (r.accounts as AccountReport[])[a]!);
      const events = stored.filter((e) => e.streamId === streamId).sort((x, y) => x.version - y.version);
      const storedVersions = new Set(events.map((e) => e.version));
      const reported = per.flatMap((r) => r.versions);
      accepted += reported.length;
      for (const r of per) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
      // Every accepted command's version is in the log, and no two commands got the same one.
      lost += reported.filter((v) => !storedVersions.has(v)).length + Math.max(0, events.length - reported.length);
      duplicates += reported.length - new Set(reported).size;
      // The fold of the log: the rule held at every step, and each executor saw the true balance.
      let balance = 0;
      for (const e of events) {
        const amount = e.data.amount as number;
        balance += e.type === 'rel.Deposited' ? amount : -amount;
        if (balance < 0) overdrawnInLog++;
        if (e.data.balance !== balance) staleDecisions++;
      }
      const delta = per.reduce((sum, r) => sum + r.delta, 0);
      if (balance !== delta) balanceMismatches++;
    }
    const gaps = versionGaps(stored);
    const concurrency = refused.CONCURRENCY ?? 0;
    const total = accepted + Object.values(refused).reduce((x, y) => x + y, 0);
    figure.set(
      `${total} commands from ${PROCESSES} processes × ${DISPATCHERS} dispatchers on ${ACCOUNTS} accounts in ${seconds.toFixed(0)} s ` +
        `(${Math.round(total / seconds)}/s): ${accepted} accepted, ${refused.OVERDRAWN ?? 0} overdrafts refused, ` +
        `${concurrency} gave up after the conflict retry limit; ${lost} lost updates, ${duplicates} duplicate versions, ` +
        `${gaps.length} streams with gaps, ${overdrawnInLog} overdrafts and ${staleDecisions} stale decisions in the log, ` +
        `${balanceMismatches} balances differing from the accepted commands`,
    );

    expect(total).toBeGreaterThan(PROCESSES * DISPATCHERS * 10);
    expect(Object.keys(refused).filter((code) => code !== 'OVERDRAWN' && code !== 'CONCURRENCY')).toEqual([]);
    expect(stored).toHaveLength(accepted);
    expect({ lost, duplicates, gaps, overdrawnInLog, staleDecisions, balanceMismatches }).toEqual({
      lost: 0,
      duplicates: 0,
      gaps: [],
      overdrawnInLog: 0,
      staleDecisions: 0,
      balanceMismatches: 0,
    });
  });
});
