import { EVENT, readOwn, type EventRecord } from '../decorators/metadata-keys';
import { ExecutorMutationError, MissingApplierError, UnregisteredEventError } from '../errors';
import type { AggregateMeta, EventMeta, Registry } from '../metadata/registry';
import { changedPath, recordState } from './state-record';
import type { CommandContext } from '../contracts/dispatch';

/** An event an executor decided, with its resolved metadata. */
export interface DecidedEvent {
  readonly event: object;
  readonly meta: EventMeta;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name && ctor !== Object ? `an instance of ${ctor.name}` : 'a plain object';
}

/**
 * Runs an aggregate's executor and checks what it returned: each item must be an instance of
 * a registered `@Event` class that the aggregate applies. Nothing is applied or stored here.
 * With `checkMutations`, the state is recorded first and compared afterwards, whether the
 * executor returned or threw: a change is an `ExecutorMutationError` (the executor's own
 * error, if any, as its cause).
 */
export async function decide(
  registry: Registry,
  aggregate: AggregateMeta,
  method: string,
  instance: object,
  command: object,
  ctx: CommandContext,
  checkMutations: boolean,
): Promise<DecidedEvent[]> {
  const fn = (instance as Record<string, (c: object, x: CommandContext) => unknown>)[method]!;
  const recorded = checkMutations ? recordState(instance) : undefined;
  const unchanged = (cause?: unknown): void => {
    const changed = recorded && changedPath(instance, recorded);
    if (changed !== undefined) throw new ExecutorMutationError(aggregate.name, method, ctx.commandType, changed, cause);
  };
  let returned: unknown;
  try {
    returned = await fn.call(instance, command, ctx);
  } catch (error) {
    unchanged(error);
    throw error;
  }
  unchanged();
  const items: unknown[] =
    returned === undefined || returned === null ? [] : Array.isArray(returned) ? returned : [returned];
  return items.map((item) => {
    const ctor = typeof item === 'object' && item !== null ? (item as { constructor: never }).constructor : undefined;
    const meta = ctor ? registry.eventsByClass.get(ctor) : undefined;
    const eventClass = (ctor as { name?: string } | undefined)?.name;
    if (!meta) {
      // A decorated @Event that no applier or handler names is known to nobody here: what is
      // missing is the applier, not the decorator.
      const record = ctor ? readOwn<EventRecord>(EVENT, ctor) : undefined;
      if (record && typeof record.type === 'string') {
        throw new MissingApplierError(aggregate.name, record.type, { commandType: ctx.commandType, eventClass });
      }
      throw new UnregisteredEventError(aggregate.name, ctx.commandType, describe(item));
    }
    if (!aggregate.appliers.has(meta.type)) {
      throw new MissingApplierError(aggregate.name, meta.type, { commandType: ctx.commandType, eventClass });
    }
    return { event: item as object, meta };
  });
}

/**
 * Evolves `instance` by one event through its `@Applies` method. `at` names the stored event
 * (stream and version) when it was read from the store.
 */
export function applyEvent(
  aggregate: AggregateMeta,
  instance: object,
  type: string,
  event: object,
  at?: { readonly streamId: string; readonly version: number },
): void {
  const method = aggregate.appliers.get(type);
  if (method === undefined) {
    throw new MissingApplierError(aggregate.name, type, {
      ...at,
      eventClass: (event as { constructor?: { name?: string } }).constructor?.name,
    });
  }
  (instance as Record<string, (e: object) => void>)[method]!.call(instance, event);
}
