import type { Class } from '../contracts/class';
import {
  AGGREGATE_ID,
  COMMAND,
  readOwn,
  type AggregateIdRecord,
  type CommandRecord,
} from '../decorators/metadata-keys';
import {
  DuplicateExecutorError,
  DuplicateTypeError,
  InvalidDecoratorUsageError,
  MissingAggregateIdError,
  MissingDecoratorError,
} from '../errors';
import { checkTypeName } from '../validation/rules';
import { nameOf } from './decorated';
import type { CommandMeta, CommandRoute } from './registry';

/** The commands of a registry, by class and by type: each has one owner (executor or command handler). */
export class CommandTypes {
  readonly byClass = new Map<Class, CommandMeta>();
  readonly byType = new Map<string, CommandMeta>();
  private readonly owners = new Map<Class, string>();

  /** Registers `ctor` as routed to `owner` (`Class.method`); `usage` says where it was named. */
  add(ctor: Class, owner: string, usage: string, route: CommandRoute): void {
    if (typeof ctor !== 'function') throw new MissingDecoratorError(String(ctor), 'Command', usage);
    const record = readOwn<CommandRecord>(COMMAND, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Command', usage);
    const type = checkTypeName('command type', record.type);
    const previousOwner = this.owners.get(ctor);
    if (previousOwner) throw new DuplicateExecutorError(type, previousOwner, owner);
    const clash = this.byType.get(type);
    if (clash) throw new DuplicateTypeError('command', type, nameOf(clash.ctor), nameOf(ctor));
    const ids = readOwn<readonly AggregateIdRecord[]>(AGGREGATE_ID, ctor) ?? [];
    if (ids.length > 1) {
      throw new InvalidDecoratorUsageError(
        nameOf(ctor),
        ids.map((r) => r.property).join(', '),
        'a command has one @AggregateId() property',
      );
    }
    if (route.kind === 'aggregate' && ids.length === 0) throw new MissingAggregateIdError(type);
    const meta: CommandMeta = { type, ctor, aggregateIdProperty: ids[0]?.property, route };
    this.owners.set(ctor, owner);
    this.byClass.set(ctor, meta);
    this.byType.set(type, meta);
  }
}
