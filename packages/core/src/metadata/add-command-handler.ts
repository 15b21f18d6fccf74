import type { Class } from '../contracts/class';
import { COMMAND_HANDLER, readOwn, type CommandHandlerRecord } from '../decorators/metadata-keys';
import { InvalidDecoratorUsageError, MissingDecoratorError } from '../errors';
import type { CommandTypes } from './command-types';
import { instantiate, nameOf } from './decorated';

/** Routes the command of a `@CommandHandler` class (or instance) to its `handle` method. */
export function addCommandHandler(commands: CommandTypes, entry: Class | object): void {
  const { ctor, instance } = instantiate(entry);
  const record = readOwn<CommandHandlerRecord>(COMMAND_HANDLER, ctor);
  if (!record) throw new MissingDecoratorError(nameOf(ctor), 'CommandHandler', 'a command handler');
  if (typeof (instance as { handle?: unknown }).handle !== 'function') {
    throw new InvalidDecoratorUsageError(
      nameOf(ctor),
      'handle',
      'a @CommandHandler class needs a handle(command, ctx) method',
    );
  }
  const owner = `${nameOf(ctor)}.handle`;
  commands.add(record.command, owner, `the command of ${owner}`, {
    kind: 'handler',
    handler: instance,
    handlerName: nameOf(ctor),
  });
}
