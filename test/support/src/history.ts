import { IsInt, IsString, Min } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  Event,
  EventHandler,
  Executes,
  On,
  type EventContext,
  type EventStore,
} from '@edict/core';
import { quietLogger } from './quiet-logger';

/** A domain for time travel and truncation: a tally snapshotted every 3 events. */
@Event('history.Counted')
export class Counted {
  constructor(
    readonly tallyId: string,
    readonly n: number,
  ) {}
}

@Command('history.Count')
export class Count {
  @AggregateId() @IsString() tallyId!: string;
  @IsInt() @Min(1) n!: number;
  static of(tallyId: string, n: number): Count {
    return Object.assign(new Count(), { tallyId, n });
  }
}

@Aggregate('tally', { snapshotEvery: 3 })
export class Tally {
  total = 0;
  seen: number[] = [];

  @Executes(Count)
  count(cmd: Count): Counted {
    return new Counted(cmd.tallyId, cmd.n);
  }

  @Applies(Counted)
  onCounted(e: Counted): void {
    this.total += e.n;
    this.seen.push(e.n);
  }
}

/** Every event it processed, by stream and version: what a rebuild sees. */
@EventHandler('history.audit', { startFrom: 'origin' })
export class Audit {
  seen: string[] = [];
  @On(Counted) onCounted(_e: Counted, ctx: EventContext): void {
    this.seen.push(`${ctx.streamId}@${ctx.version}`);
  }
  reset(): void {
    this.seen = [];
  }
}

/** The audit in four partitions: a truncation waits for every one of them. */
@EventHandler('history.audit-partitioned', { startFrom: 'origin', partitions: 4 })
export class PartitionedAudit {
  seen: string[] = [];
  @On(Counted) onCounted(_e: Counted, ctx: EventContext): void {
    this.seen.push(`${ctx.streamId}@${ctx.version}`);
  }
}

/** An application on `store` with the tally and the audit handler. */
export async function historyApp(store: EventStore): Promise<{ edict: Edict; audit: Audit }> {
  const audit = new Audit();
  const edict = await Edict.create({ store, aggregates: [Tally], handlers: [audit], logger: quietLogger() });
  return { edict, audit };
}
