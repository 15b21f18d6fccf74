import { Injectable } from '@nestjs/common';
import { IsInt, IsString, MaxLength } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandHandler,
  DomainError,
  Event,
  EventHandler,
  Executes,
  On,
  ProcessManager,
  type CommandHandlerContext,
  type EventContext,
} from '@edict/core';
import { Projection } from '@edict/typeorm';
import { EntitySchema, type EntityManager } from 'typeorm';

// A small domain whose every kind of class needs a service that Nest injects.

@Event('tally.Added')
export class Added {
  constructor(
    readonly tallyId: string,
    readonly amount: number,
  ) {}
}

@Event('tally.Capped')
export class Capped {
  constructor(readonly tallyId: string) {}
}

@Command('tally.Add')
export class Add {
  @AggregateId() @IsString() @MaxLength(100) tallyId!: string;
  @IsInt() amount!: number;
}

@Command('tally.Cap')
export class Cap {
  @AggregateId() @IsString() @MaxLength(100) tallyId!: string;
}

@Command('tally.AddTwice')
export class AddTwice {
  @IsString() @MaxLength(100) tallyId!: string;
  @IsInt() amount!: number;
}

export class OverLimit extends DomainError {
  constructor(readonly tallyId: string) {
    super('OVER_LIMIT', `Tally ${tallyId} would go over the limit`);
  }
}

/** The limit the aggregate asks; a service with state of its own. */
@Injectable()
export class Limits {
  asked = 0;
  max = 100;
  allows(total: number): boolean {
    this.asked++;
    return total <= this.max;
  }
}

/** Where the handlers note what they saw, so that the test can read it. */
@Injectable()
export class Journal {
  readonly lines: string[] = [];
  note(line: string): void {
    this.lines.push(line);
  }
}

@Aggregate('tally')
export class Tally {
  total = 0;
  capped = false;
  constructor(private readonly limits: Limits) {}

  @Executes(Add)
  add(cmd: Add) {
    if (!this.limits.allows(this.total + cmd.amount)) throw new OverLimit(cmd.tallyId);
    return new Added(cmd.tallyId, cmd.amount);
  }

  @Executes(Cap)
  cap(cmd: Cap) {
    return this.capped ? [] : new Capped(cmd.tallyId);
  }

  @Applies(Added) onAdded(e: Added) {
    this.total += e.amount;
  }

  @Applies(Capped) onCapped() {
    this.capped = true;
  }
}

@CommandHandler(AddTwice)
export class AddTwiceHandler {
  constructor(private readonly journal: Journal) {}
  async handle(cmd: AddTwice, ctx: CommandHandlerContext) {
    this.journal.note(`command handler: ${cmd.tallyId}`);
    await ctx.dispatch(Object.assign(new Add(), { tallyId: cmd.tallyId, amount: cmd.amount }));
    await ctx.dispatch(Object.assign(new Add(), { tallyId: cmd.tallyId, amount: cmd.amount }));
  }
}

@EventHandler('tally.audit', { startFrom: 'origin' })
export class Audit {
  constructor(private readonly journal: Journal) {}
  @On(Added) onAdded(e: Added, ctx: EventContext) {
    this.journal.note(`event handler: ${e.tallyId} +${e.amount} ${JSON.stringify(ctx.metadata)}`);
  }
}

/** Caps a tally once it reached the limit the injected service holds. */
@ProcessManager('tally.capper')
export class Capper {
  total = 0;
  constructor(private readonly limits: Limits) {}
  @On(Added, { correlateBy: 'tallyId', start: true })
  onAdded(e: Added) {
    this.total += e.amount;
    return this.total >= this.limits.max ? [Object.assign(new Cap(), { tallyId: e.tallyId })] : [];
  }
}

export interface TotalRow {
  tallyId: string;
  total: number;
}

export const totalEntity = (schema: string) =>
  new EntitySchema<TotalRow>({
    name: 'Total',
    tableName: 'totals',
    schema,
    columns: { tallyId: { type: 'text', primary: true }, total: { type: 'integer' } },
  });

/** A TypeORM projection; the entity (its schema) comes from an injected service. */
@Injectable()
export class TotalsTable {
  constructor(readonly entity: EntitySchema<TotalRow>) {}
}

@Projection('tally.totals', { startFrom: 'origin' })
export class Totals {
  constructor(
    private readonly table: TotalsTable,
    private readonly journal: Journal,
  ) {}
  @On(Added)
  async onAdded(e: Added, _ctx: EventContext, manager: EntityManager) {
    const row = await manager.findOneBy(this.table.entity, { tallyId: e.tallyId });
    await manager.save(this.table.entity, { tallyId: e.tallyId, total: (row?.total ?? 0) + e.amount });
    this.journal.note(`projection: ${e.tallyId}`);
  }
}
