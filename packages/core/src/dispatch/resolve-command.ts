import { COMMAND, readOwn, type CommandRecord } from '../decorators/metadata-keys';
import type { Class } from '../contracts/class';
import { UnknownCommandError } from '../errors';
import type { CommandMeta, Registry } from '../metadata/registry';
import { buildCommand } from './build-command';

export type CommandTarget = object | Class | string;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Finds the registered command for what was dispatched: a command instance, a command class
 * with a plain payload, or a command type string with a plain payload. The caller's payload is
 * copied, never mutated (see `buildCommand`).
 */
export function resolveCommand(
  registry: Registry,
  target: CommandTarget,
  payload: unknown,
): { command: object; meta: CommandMeta } {
  if (typeof target === 'function' || typeof target === 'string') {
    const meta =
      typeof target === 'string' ? registry.commandsByType.get(target) : registry.commandsByClass.get(target as Class);
    if (!meta) {
      const type = typeof target === 'string' ? target : (readOwn<CommandRecord>(COMMAND, target)?.type ?? target.name);
      throw new UnknownCommandError(type);
    }
    if (!isPlainObject(payload)) {
      throw new UnknownCommandError(meta.type, `The payload of command '${meta.type}' must be a plain object`);
    }
    return { command: buildCommand(meta, payload), meta };
  }
  if (typeof target !== 'object' || target === null) {
    throw new UnknownCommandError(String(target), `Cannot dispatch ${target === null ? 'null' : typeof target}`);
  }
  const ctor = (target as { constructor?: Class }).constructor;
  const meta = ctor ? registry.commandsByClass.get(ctor) : undefined;
  if (meta) return { command: target, meta };
  if (isPlainObject(target)) {
    throw new UnknownCommandError(
      '(plain object)',
      'A plain object is not a command: dispatch an instance of a @Command class, or dispatch(CommandClass, payload)',
    );
  }
  const record = ctor ? readOwn<CommandRecord>(COMMAND, ctor) : undefined;
  throw new UnknownCommandError(record?.type ?? ctor?.name ?? '(unknown)');
}
