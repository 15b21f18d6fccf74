import { startChild } from './support/children';
import { storedEvents } from './support/db';
import { figureLine } from './support/figure';
import { childScenario } from './support/scenario';

const COMMANDS = Number(process.env.REL_IDEMPOTENCY_COMMANDS ?? 3_000);
const ACCOUNTS = 50;
const PROCESSES = 2;
const COPIES = 2;

type Answer = { events: string[]; version: number; duplicate: boolean } | { error: string };

/**
 * Guarantee 3 (idempotency): a command dispatched several times with the same command id
 * appends once, and every dispatch returns that first result, even when the dispatches race
 * each other from two OS processes (and twice within each).
 */
describe('idempotency under concurrency', () => {
  const figure = figureLine('idempotency');
  const scenario = childScenario('idem');

  it('appends each command once, and answers every racing dispatch with that one result', async () => {
    const { pool, schema, children } = scenario;
    const run = `run${Date.now()}`;
    for (let p = 0; p < PROCESSES; p++) {
      children.push(
        startChild('idempotency-process.cjs', `idem-${p}`, {
          EDICT_SCHEMA: schema,
          RUN: run,
          COMMANDS: String(COMMANDS),
          ACCOUNTS: String(ACCOUNTS),
          CONCURRENCY: '16',
          COPIES: String(COPIES),
        }),
      );
    }
    await Promise.all(children.map((c) => c.next('ready', 30_000)));
    const started = Date.now();
    for (const c of children) c.send({ cmd: 'go' });
    const reports = await Promise.all(children.map((c) => c.next('report', 180_000)));
    const seconds = (Date.now() - started) / 1000;

    const stored = await storedEvents(pool, schema);
    const perCommand = new Map<string, string[]>();
    for (const e of stored) perCommand.set(e.commandId, [...(perCommand.get(e.commandId) ?? []), e.eventId]);
    const { rows: recorded } = await pool.query<{ n: string }>(`select count(*) as n from "${schema}".commands`);

    let errors = 0;
    let firsts = 0;
    let duplicatesAnswered = 0;
    let appendedTwice = 0;
    let notAppended = 0;
    let differingAnswers = 0;
    let commandsWithoutSingleFirst = 0;
    for (let i = 0; i < COMMANDS; i++) {
      const answers = reports.flatMap((r) => (r.results as Answer[][])[i]!);
      const ok = answers.filter((a): a is Extract<Answer, { events: string[] }> => !('error' in a));
      errors += answers.length - ok.length;
      const first = ok.filter((a) => !a.duplicate).length;
      firsts += first;
      duplicatesAnswered += ok.length - first;
      if (first !== 1) commandsWithoutSingleFirst++;
      const inLog = perCommand.get(`${run}-${i}`) ?? [];
      if (inLog.length > 1) appendedTwice++;
      if (inLog.length === 0) notAppended++;
      if (ok.some((a) => JSON.stringify(a.events) !== JSON.stringify(inLog))) differingAnswers++;
    }
    const dispatches = COMMANDS * PROCESSES * COPIES;
    figure.set(
      `${dispatches} dispatches of ${COMMANDS} command ids (${PROCESSES} processes × ${COPIES} at once each) in ${seconds.toFixed(1)} s: ` +
        `${stored.length} events appended, ${appendedTwice} commands appended twice, ${notAppended} not appended; ` +
        `${firsts} first answers and ${duplicatesAnswered} duplicate answers, ${differingAnswers} answers not matching the log, ${errors} errors`,
    );

    expect(errors).toBe(0);
    expect({ appendedTwice, notAppended, differingAnswers, commandsWithoutSingleFirst }).toEqual({
      appendedTwice: 0,
      notAppended: 0,
      differingAnswers: 0,
      commandsWithoutSingleFirst: 0,
    });
    expect(stored).toHaveLength(COMMANDS);
    expect(Number(recorded[0]!.n)).toBe(COMMANDS);
  });
});
