import { startChild } from './support/children';
import { sleep, storedEvents, until, type StoredRow } from './support/db';
import { figureLine } from './support/figure';
import { childScenario } from './support/scenario';

const ACCOUNTS = 6;
const TRANSFERS = Number(process.env.REL_PM_TRANSFERS ?? 300);
const KILLS = 12;

interface Outcome {
  settled: 'completed' | 'failed' | undefined;
  requested?: { from: string; to: string; amount: number };
  withdrawn: number;
  creditedTarget: number;
  refunded: number;
}

/** What the log says happened to each transfer. */
function outcomes(events: readonly StoredRow[]): Map<string, Outcome> {
  const all = new Map<string, Outcome>();
  const of = (id: string) => {
    let o = all.get(id);
    if (!o) all.set(id, (o = { settled: undefined, withdrawn: 0, creditedTarget: 0, refunded: 0 }));
    return o;
  };
  for (const e of events) {
    const d = e.data as { transferId?: string; from?: string; to?: string; amount?: number; accountId?: string };
    if (e.type === 'xfer.TransferRequested') of(d.transferId!).requested = d as Outcome['requested'];
    if (e.type === 'xfer.TransferCompleted') of(d.transferId!).settled = 'completed';
    if (e.type === 'xfer.TransferFailed') of(d.transferId!).settled = 'failed';
  }
  for (const e of events) {
    const d = e.data as { transferId?: string; accountId?: string };
    if (!d.transferId) continue;
    const o = of(d.transferId);
    if (e.type === 'xfer.Withdrawn') o.withdrawn++;
    if (e.type === 'xfer.Deposited') {
      if (d.accountId === o.requested?.to) o.creditedTarget++;
      else if (d.accountId === o.requested?.from) o.refunded++;
    }
  }
  return all;
}

/**
 * Process managers (and guarantee 5 under them): the process running the money-transfer
 * process manager is killed with SIGKILL again and again while transfers are requested from
 * another process. Each time a new one takes over from the checkpoint and the saved process
 * states; the commands it re-sends carry the same derived ids, so none takes effect twice.
 * Every transfer ends completed or refunded, and no money is created or lost.
 */
describe('process manager under crash', () => {
  const figure = figureLine('pm-crash');
  const scenario = childScenario('pm');

  it('settles every transfer, completed or refunded, with total money unchanged, across repeated kills', async () => {
    const { pool, schema, children } = scenario;
    const started = Date.now();
    const client = startChild('transfer-process.cjs', 'client', {
      EDICT_SCHEMA: schema,
      ROLE: 'client',
      ACCOUNTS: String(ACCOUNTS),
      TRANSFERS: String(TRANSFERS),
      INTERVAL_MS: '25',
    });
    children.push(client);
    await client.next('started', 30_000);
    client.send({ cmd: 'go' });

    let pm = startChild('transfer-process.cjs', 'pm-0', { EDICT_SCHEMA: schema, ROLE: 'pm' });
    children.push(pm);
    let kills = 0;
    while (kills < KILLS || !client.all('done').length) {
      await pm.next('started', 30_000);
      await sleep(200 + Math.random() * 800);
      if (kills >= KILLS) continue;
      await pm.kill();
      kills++;
      pm = startChild('transfer-process.cjs', `pm-${kills}`, { EDICT_SCHEMA: schema, ROLE: 'pm' });
      children.push(pm);
    }
    const done = await client.next('done', 60_000);
    const requested = done.requested as number;

    const settled = async () => {
      const o = outcomes(await storedEvents(pool, schema));
      return [...o.values()].filter((x) => x.settled).length;
    };
    await until(
      async () => `${await settled()} of ${requested} transfers settled\n${pm.describe()}`,
      async () => (await settled()) >= requested,
      60_000,
      200,
    );
    const seconds = (Date.now() - started) / 1000;
    const events = await storedEvents(pool, schema);
    const all = outcomes(events);

    let money = 0;
    let initial = 0;
    const balances = new Map<string, number>();
    let overdrawn = 0;
    for (const e of events) {
      const d = e.data as { accountId?: string; amount?: number; transferId?: string };
      if (e.type !== 'xfer.Deposited' && e.type !== 'xfer.Withdrawn') continue;
      const delta = e.type === 'xfer.Deposited' ? d.amount! : -d.amount!;
      money += delta;
      if (!d.transferId) initial += delta;
      const balance = (balances.get(d.accountId!) ?? 0) + delta;
      balances.set(d.accountId!, balance);
      if (balance < 0) overdrawn++;
    }
    const list = [...all.values()];
    const completed = list.filter((o) => o.settled === 'completed');
    const failed = list.filter((o) => o.settled === 'failed');
    const unsettled = list.filter((o) => !o.settled).length;
    const refunded = failed.filter((o) => o.withdrawn === 1 && o.refunded === 1).length;
    const refused = failed.filter((o) => o.withdrawn === 0 && o.refunded === 0).length;
    const wrong =
      completed.filter((o) => o.withdrawn !== 1 || o.creditedTarget !== 1 || o.refunded !== 0).length +
      failed.filter((o) => o.creditedTarget !== 0 || o.withdrawn !== o.refunded || o.withdrawn > 1).length;
    const { rows: states } = await pool.query<{ ended: boolean; n: string }>(
      `select ended, count(*) as n from "${schema}".process_states group by ended`,
    );
    const open = Number(states.find((r) => !r.ended)?.n ?? 0);
    figure.set(
      `${requested} transfers, the process manager's process killed with SIGKILL ${kills} times, ${seconds.toFixed(0)} s: ` +
        `${completed.length} completed, ${refunded} refunded, ${refused} refused (no funds), ${unsettled} unsettled, ` +
        `${wrong} with money moved twice or not at all, ${open} process instances left open; ` +
        `total money ${initial} → ${money}, ${overdrawn} overdrafts`,
    );

    expect(done.errors).toEqual({});
    expect(list).toHaveLength(requested);
    expect({ unsettled, wrong, open, overdrawn }).toEqual({ unsettled: 0, wrong: 0, open: 0, overdrawn: 0 });
    expect(refunded).toBeGreaterThan(0);
    expect(completed.length + refunded + refused).toBe(requested);
    expect(initial).toBe(ACCOUNTS * 1_000);
    expect(money).toBe(initial);
  });
});
