import { AssertionError, deepStrictEqual } from 'node:assert';
import { v7 as uuidv7 } from 'uuid';
import { EVENT, readOwn, type EventRecord } from '../decorators/metadata-keys';
import type { Class } from '../contracts/class';
import { applyEvent, decide } from '../dispatch/aggregate-runtime';
import { resolveCommand } from '../dispatch/resolve-command';
import type { CommandContext, CommandPayload } from '../contracts/dispatch';
import { validateCommand } from '../dispatch/validate-command';
import { checkLoadOptions } from '../app/load-options';
import { MissingApplierError, UnregisteredEventError, VersionNotReachedError } from '../errors';
import { buildRegistry } from '../metadata/build-registry';
import type { AggregateMeta, Registry } from '../metadata/registry';
import { encodeJson, DEFAULT_MAX_SIZE } from '../serialization/json-codec';
import { toEventInstance } from '../serialization/event-serializer';

type Events = readonly (object | readonly object[])[];

/**
 * Given/when/then tests of one aggregate, with no store: the same validation, executor checks,
 * serialization round trip and appliers as a real dispatch.
 *
 * @example
 * await testAggregate(Account)
 *   .given(new AccountOpened(id, 'Ada', 'EUR'))
 *   .when(new DepositMoney(id, 100))
 *   .then(new MoneyDeposited(id, 100));
 */
export function testAggregate<T extends object>(
  aggregate: Class<T>,
  options: { events?: readonly Class[] } = {},
): AggregateFixture<T> {
  const registry = buildRegistry({ aggregates: [aggregate], events: options.events ?? [] });
  return new AggregateFixture<T>(registry, registry.aggregates.get(aggregate)!, []);
}

export class AggregateFixture<T extends object> {
  constructor(
    private readonly registry: Registry,
    private readonly meta: AggregateMeta,
    private readonly history: readonly object[],
  ) {}

  /** Events that already happened to the aggregate (one, several, or arrays). */
  given(...events: Events): AggregateFixture<T> {
    return new AggregateFixture<T>(this.registry, this.meta, [...this.history, ...events.flat()]);
  }

  /** The command under test: an instance, or a command class with a plain payload (type-checked). */
  when<C extends object>(command: Class<C>, payload: CommandPayload<C>): FixtureOutcome<T>;
  /** A command type with an untyped payload, as an HTTP or queue adapter would dispatch it. */
  when(commandType: string, payload: object): FixtureOutcome<T>;
  when(command: object): FixtureOutcome<T>;
  when(command: object | Class | string, payload?: object): FixtureOutcome<T> {
    return new FixtureOutcome<T>(
      () => this.run(command, payload),
      // Unregistered expectations (plain objects, say) are compared as given, and fail.
      (expected) =>
        this.registry.eventsByClass.has((expected as { constructor: Class }).constructor)
          ? this.roundTrip(expected, '(expected)', 0).copy
          : expected,
    );
  }

  /**
   * Time travel in a test: runs `check` on the state right after the `version`-th given event
   * (0: the initial state), as `edict.load(Aggregate, id, { version })` would give it. A version
   * past the given events is a `VersionNotReachedError`, as from `load`.
   *
   * @example
   * await testAggregate(Account)
   *   .given(new AccountOpened(id, 'Ada', 'EUR'), new MoneyDeposited(id, 100), new MoneyWithdrawn(id, 30))
   *   .thenStateAt(2, (account) => assert.equal(account.balance, 100));
   */
  async thenStateAt(version: number, check: (state: T) => void | Promise<void>): Promise<void> {
    const { version: upTo } = checkLoadOptions({ version });
    if (upTo! > this.history.length) {
      throw new VersionNotReachedError(`${this.meta.name}-fixture`, upTo!, this.history.length);
    }
    await check(this.fold(upTo));
  }

  /** The state after the first `upTo` given events, each through the store's round trip. */
  private fold(upTo = this.history.length): T {
    const state = new this.meta.ctor() as T;
    let version = 0;
    for (const event of this.history.slice(0, upTo)) {
      const { type, copy } = this.roundTrip(event, '(given)', ++version);
      applyEvent(this.meta, state, type, copy, { streamId: `${this.meta.name}-fixture`, version });
    }
    return state;
  }

  private async run(
    target: object | Class | string,
    payload: object | undefined,
  ): Promise<{ events: object[]; state: T }> {
    const state = this.fold();
    let version = this.history.length;
    const { command, meta } = resolveCommand(this.registry, target, payload);
    await validateCommand(meta, command);
    if (meta.route.kind !== 'aggregate' || meta.route.aggregate !== this.meta) {
      throw new AssertionError({ message: `Command '${meta.type}' is not executed by aggregate '${this.meta.name}'` });
    }
    const commandId = uuidv7();
    const ctx: CommandContext = {
      command,
      commandType: meta.type,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      metadata: {},
    };
    // Always checked here: the tests are where a mutating executor must be caught.
    const decided = await decide(this.registry, this.meta, meta.route.method, state, command, ctx, true);
    const events = decided.map(({ event }) => this.roundTrip(event, meta.type, ++version));
    for (const { type, copy } of events) applyEvent(this.meta, state, type, copy);
    return { events: events.map((e) => e.copy), state };
  }

  /** Stores and reads back an event as a store would, so tests catch payloads that cannot round-trip. */
  private roundTrip(event: object, commandType: string, version: number): { type: string; copy: object } {
    const meta = this.registry.eventsByClass.get((event as { constructor: Class }).constructor);
    if (!meta) {
      const ctor = (event as { constructor?: Class }).constructor;
      const record = ctor ? readOwn<EventRecord>(EVENT, ctor) : undefined;
      // A decorated event this aggregate has no applier for: say so, not "unregistered".
      if (record && typeof record.type === 'string') {
        throw new MissingApplierError(this.meta.name, record.type, {
          eventClass: ctor!.name,
          ...(commandType === '(given)' ? { streamId: `${this.meta.name}-fixture`, version } : { commandType }),
        });
      }
      throw new UnregisteredEventError(this.meta.name, commandType, String(ctor?.name));
    }
    const data = JSON.parse(JSON.stringify(encodeJson(event, meta.type, DEFAULT_MAX_SIZE))) as Record<string, never>;
    const copy = toEventInstance(
      { version, type: meta.type, schemaVersion: meta.version, data },
      `${this.meta.name}-fixture`,
      this.registry,
    );
    return { type: meta.type, copy };
  }
}

export class FixtureOutcome<T extends object> {
  constructor(
    private readonly outcome: () => Promise<{ events: object[]; state: T }>,
    /** Expected events go through the same store round trip as the produced ones. */
    private readonly normalise: (expected: object) => object,
  ) {}

  /** Asserts the command produced exactly these events, in order (none when called empty). */
  async then(...expected: Events): Promise<void> {
    if (typeof expected[0] === 'function') {
      // Someone awaited the outcome itself: fail that await instead of hanging it.
      const reject = expected[1] as unknown as ((e: Error) => void) | undefined;
      reject?.(
        new TypeError('Call .then(...expectedEvents) or .thenThrows(ErrorClass) on a fixture outcome; do not await it'),
      );
      return;
    }
    const { events } = await this.outcome();
    deepStrictEqual(events, expected.flat().map(this.normalise), 'The command produced other events than expected');
  }

  /**
   * Asserts the command was rejected with this error class, and (if given) that the error has
   * these field values or passes `check`. Resolves to the error, for further assertions.
   */
  async thenThrows<E extends Error>(
    errorClass: abstract new (...args: never[]) => E,
    expected?: Partial<E> | ((error: E) => void),
  ): Promise<E> {
    let outcome: { events: object[] } | undefined;
    try {
      outcome = await this.outcome();
    } catch (error) {
      if (!(error instanceof errorClass)) {
        throw new AssertionError({
          message: `Expected ${errorClass.name}, got ${String(error)}`,
          actual: error,
          expected: errorClass,
        });
      }
      if (typeof expected === 'function') expected(error);
      else {
        for (const [key, value] of Object.entries(expected ?? {})) {
          deepStrictEqual((error as unknown as Record<string, unknown>)[key], value, `${errorClass.name}.${key}`);
        }
      }
      return error;
    }
    throw new AssertionError({
      message: `Expected ${errorClass.name}, but the command produced ${outcome.events.length} event(s)`,
      actual: outcome.events,
    });
  }

  /** Runs `check` on the state after the command's events were applied. */
  async thenState(check: (state: T) => void | Promise<void>): Promise<void> {
    const { state } = await this.outcome();
    await check(state);
  }
}
