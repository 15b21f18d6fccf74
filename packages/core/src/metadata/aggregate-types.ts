import type { Class } from '../contracts/class';
import { AGGREGATE, APPLIES, EXECUTES, readOwn, type NamedRecord } from '../decorators/metadata-keys';
import { DuplicateApplierError, DuplicateTypeError, MissingDecoratorError } from '../errors';
import { checkAggregateName, checkOptionKeys, checkPositiveInt } from '../validation/rules';
import type { CommandTypes } from './command-types';
import { aggregateTemplate } from './aggregate-template';
import { classOf, decoratedMethods, nameOf } from './decorated';
import type { EventTypes } from './event-types';
import type { AggregateMeta } from './registry';

const AGGREGATE_OPTIONS = ['snapshotEvery', 'snapshotVersion'];

/** The aggregates of a registry; an aggregate name is registered once. */
export class AggregateTypes {
  readonly byClass = new Map<Class, AggregateMeta>();
  private readonly byName = new Map<string, Class>();

  constructor(
    private readonly events: EventTypes,
    private readonly commands: CommandTypes,
  ) {}

  /** Resolves an `@Aggregate` class (or an instance of one, see `aggregateTemplate`): its appliers, then its executors (each command routed to it). */
  add(entry: Class | object): void {
    const given = typeof entry === 'function' || (typeof entry === 'object' && entry !== null);
    const ctor = given ? classOf(entry) : (entry as Class);
    const record = typeof ctor === 'function' ? readOwn<NamedRecord>(AGGREGATE, ctor) : undefined;
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Aggregate', 'an aggregate');
    const name = checkAggregateName(record.name);
    const where = `@Aggregate('${name}')`;
    checkOptionKeys(where, record.options, AGGREGATE_OPTIONS);
    checkPositiveInt(where, 'snapshotEvery', record.options.snapshotEvery, AGGREGATE_OPTIONS);
    checkPositiveInt(where, 'snapshotVersion', record.options.snapshotVersion, AGGREGATE_OPTIONS);
    const clash = this.byName.get(name);
    if (clash) throw new DuplicateTypeError('aggregate', name, nameOf(clash), nameOf(ctor));
    this.byName.set(name, ctor);

    const executors = new Map<Class, string>();
    const aggregate: AggregateMeta = {
      name,
      ctor,
      create: aggregateTemplate(entry),
      snapshotEvery: record.options.snapshotEvery as number | undefined,
      snapshotVersion: (record.options.snapshotVersion as number | undefined) ?? 1,
      executors,
      appliers: this.appliers(name, ctor),
    };
    for (const r of decoratedMethods(EXECUTES, ctor, 'Executes')) {
      const owner = `${nameOf(ctor)}.${r.member}`;
      this.commands.add(r.message, owner, `the command of ${owner}`, {
        kind: 'aggregate',
        aggregate,
        method: r.member,
      });
      executors.set(r.message, r.member);
    }
    this.byClass.set(ctor, aggregate);
  }

  /** Event type → `@Applies` method; one applier per event type. */
  private appliers(name: string, ctor: Class): Map<string, string> {
    const appliers = new Map<string, string>();
    for (const r of decoratedMethods(APPLIES, ctor, 'Applies')) {
      const meta = this.events.meta(r.message, `the event of ${nameOf(ctor)}.${r.member}`);
      const other = appliers.get(meta.type);
      if (other) throw new DuplicateApplierError(name, meta.type, [other, r.member]);
      appliers.set(meta.type, r.member);
    }
    return appliers;
  }
}
