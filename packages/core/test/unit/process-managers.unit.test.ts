import 'reflect-metadata';
import { Edict, InMemoryEventStore, On, ProcessManager, type EventStore, type ProcessContext } from '@edict/core';
import { quietLogger } from '@edict/test-support';
import {
  Acct,
  CompleteTransfer,
  Deposit,
  Deposited,
  Open,
  RequestTransfer,
  Transfer,
  TransferRequested,
  transferDomain,
  Withdraw,
  Withdrawn,
} from '@edict/test-support';

const fast = { pollIntervalMs: 20, standbyRetryMs: 20 };
const apps: Edict[] = [];
async function app(store: EventStore) {
  const edict = await Edict.create({
    store,
    ...transferDomain,
    logger: quietLogger(),
    subscriptions: fast,
    closeStore: false,
  });
  apps.push(edict);
  return edict;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function settle(edict: Edict, transferId: string) {
  const end = Date.now() + 5000;
  for (;;) {
    const { status } = await edict.load(Transfer, transferId);
    if (status === 'completed' || status === 'failed') return status;
    if (Date.now() > end) throw new Error(`transfer ${transferId} did not settle`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function fund(edict: Edict, ...ids: string[]) {
  for (const id of ids) await edict.dispatch(Open.of(id));
  await edict.dispatch(Deposit.of(ids[0]!, 100));
}

describe('process managers', () => {
  it('debit the source, credit the target, and complete the transfer', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    await fund(edict, 'a', 'b');
    await edict.dispatch(RequestTransfer.of('t1', 'a', 'b', 30), { correlationId: 'flow-1' });
    expect(await settle(edict, 't1')).toBe('completed');
    expect((await edict.load(Acct, 'a')).balance).toBe(70);
    expect((await edict.load(Acct, 'b')).balance).toBe(30);
    expect(await store.loadProcessState('xfer.money-transfer', 't1')).toMatchObject({
      ended: true,
      correlationId: 'flow-1',
      state: { stage: 'done', amount: 30 },
    });
  });

  it('dispatch with causation = the triggering event and correlation = the instance', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    await fund(edict, 'a', 'b');
    const { events } = await edict.dispatch(RequestTransfer.of('t2', 'a', 'b', 10), { correlationId: 'flow-2' });
    await settle(edict, 't2');
    const [withdrawn] = (await store.readStream('xacct-a', 1, 100)).filter((e) => e.type === 'xfer.Withdrawn');
    expect(withdrawn!.metadata).toMatchObject({ causationId: events[0]!.eventId, correlationId: 'flow-2' });
  });

  it('deliver a rejected credit back, which refunds the source: no money created or lost', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    await fund(edict, 'a');
    await edict.dispatch(RequestTransfer.of('t3', 'a', 'missing', 40));
    expect(await settle(edict, 't3')).toBe('failed');
    expect((await edict.load(Acct, 'a')).balance).toBe(100);
    expect((await edict.load(Acct, 'missing')).balance).toBe(0);
  });

  it('deliver a rejected debit back, which fails the transfer', async () => {
    const edict = await app(new InMemoryEventStore());
    await fund(edict, 'a', 'b');
    await edict.dispatch(RequestTransfer.of('t4', 'a', 'b', 1_000));
    expect(await settle(edict, 't4')).toBe('failed');
    expect((await edict.load(Acct, 'a')).balance).toBe(100);
  });

  it('never dispatch a command twice when events are redelivered after a crash', async () => {
    const store = new InMemoryEventStore();
    const first = await app(store);
    await fund(first, 'a', 'b');
    await first.dispatch(RequestTransfer.of('t5', 'a', 'b', 25));
    await first.dispatch(RequestTransfer.of('t6', 'a', 'missing', 5));
    await settle(first, 't5');
    await settle(first, 't6');
    await first.stop();
    const head = await store.headPosition();
    // As if the process had died before saving its checkpoint: every event comes again.
    await store.resetCheckpoint('xfer.money-transfer', 0);
    // …and as if instance state had not been saved either, for t5.
    await store.saveProcessState({
      ...(await store.loadProcessState('xfer.money-transfer', 't5'))!,
      position: 0,
      ended: false,
      state: { stage: 'debiting', from: 'a', to: 'b', amount: 25, requestedAt: null },
    });
    const second = await app(store);
    await second.caughtUp();
    expect(await store.headPosition()).toBe(head);
    expect((await second.load(Acct, 'a')).balance).toBe(75);
    expect((await second.load(Acct, 'b')).balance).toBe(25);
  });

  it('ignore events for instances that never started', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store);
    await fund(edict, 'a');
    await edict.dispatch(Deposit.of('a', 5, 'no-such-transfer'), { consistency: 'strong' });
    expect(await store.loadProcessState('xfer.money-transfer', 'no-such-transfer')).toBeUndefined();
  });

  it('are refused at start-up without correlateBy, or without @ProcessManager (as a class or an instance)', async () => {
    const { Withdrawn } = await import('@edict/test-support');
    @ProcessManager('bad.pm')
    class NoCorrelation {
      @On(Withdrawn) on() {}
    }
    await expect(
      Edict.create({ store: new InMemoryEventStore(), aggregates: [Acct], processManagers: [NoCorrelation] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', option: 'correlateBy' });
    class Undecorated {}
    for (const entry of [Undecorated, new Undecorated()]) {
      await expect(
        Edict.create({ store: new InMemoryEventStore(), aggregates: [Acct], processManagers: [entry] }),
      ).rejects.toMatchObject({ code: 'MISSING_DECORATOR', className: 'Undecorated', decorator: 'ProcessManager' });
    }
  });
});

/** A service a process manager is given: it must be used, shared, and never stored. */
class AuditTrail {
  readonly lines: string[] = [];
  record(line: string): void {
    this.lines.push(line);
  }
}

@ProcessManager('xfer.audited-transfer')
class AuditedTransfer {
  steps: string[] = [];
  to = '';
  limits = { max: 1000 };

  constructor(
    private readonly audit: AuditTrail,
    private readonly stamp: () => string,
  ) {}

  @On(TransferRequested, { correlateBy: 'transferId', start: true })
  requested(e: TransferRequested) {
    this.steps.push('requested');
    this.to = e.to;
    this.audit.record(`${e.transferId} requested at ${this.stamp()}`);
    return Withdraw.of(e.from, e.amount, e.transferId);
  }

  @On(Withdrawn, { correlateBy: 'transferId' })
  debited(e: Withdrawn) {
    this.steps.push('debited');
    this.audit.record(`${e.transferId} debited`);
    return Deposit.of(this.to, e.amount, e.transferId);
  }

  @On(Deposited, { correlateBy: (e) => e.transferId })
  credited(e: Deposited, ctx: ProcessContext) {
    this.steps.push('credited');
    ctx.end();
    return CompleteTransfer.of(e.transferId!);
  }
}

describe('process managers given as instances', () => {
  it('use the services they were given, keep each instance’s state apart, and store only the state', async () => {
    const store = new InMemoryEventStore();
    const trail = new AuditTrail();
    const edict = await Edict.create({
      store,
      aggregates: transferDomain.aggregates,
      processManagers: [new AuditedTransfer(trail, () => 'noon')],
      logger: quietLogger(),
      subscriptions: fast,
    });
    apps.push(edict);
    await fund(edict, 'a', 'b');
    await edict.dispatch(RequestTransfer.of('t1', 'a', 'b', 30));
    await edict.dispatch(RequestTransfer.of('t2', 'a', 'b', 20));
    expect(await settle(edict, 't1')).toBe('completed');
    expect(await settle(edict, 't2')).toBe('completed');
    expect((await edict.load(Acct, 'b')).balance).toBe(50);
    expect([...trail.lines].sort()).toEqual([
      't1 debited',
      't1 requested at noon',
      't2 debited',
      't2 requested at noon',
    ]);
    for (const id of ['t1', 't2']) {
      const saved = await store.loadProcessState('xfer.audited-transfer', id);
      // Each instance has its own steps (not one array shared through the given instance)...
      expect(saved?.state).toEqual({ steps: ['requested', 'debited', 'credited'], to: 'b', limits: { max: 1000 } });
      // ...and the services were never stored.
      expect(Object.keys(saved!.state)).not.toContain('audit');
    }
  });
});
