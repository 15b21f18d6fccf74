import 'reflect-metadata';
import { IsInt, IsOptional, IsString } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  DomainError,
  Edict,
  Event,
  ExecutorMutationError,
  Executes,
  InMemoryEventStore,
  type EdictOptions,
} from '@edict/core';
import { testAggregate } from '@edict/core/testing';
import { quietLogger } from '@edict/test-support';

@Event('mut.Added')
class Added {
  constructor(
    readonly counterId: string,
    readonly n: number,
  ) {}
}

@Command('mut.Add')
class Add {
  @AggregateId() @IsString() counterId!: string;
  @IsInt() n!: number;
  /** Which mistake the executor makes: see `Counter.add`. */
  @IsOptional() @IsString() mistake?: string;
}

class TooMuch extends DomainError {
  constructor() {
    super('TOO_MUCH', 'too much');
  }
}

/** What each executor saw of `total`: must always be the fold of the stream. */
const seen: number[] = [];

@Aggregate('counter')
class Counter {
  total = 0;
  lines: { n: number }[] = [];
  address = { city: 'Paris' };
  counts = new Map<string, number>([['tea', 1]]);
  since = new Date('2024-01-01T00:00:00Z');
  [key: string]: unknown;

  @Executes(Add) async add(cmd: Add) {
    seen.push(this.total);
    switch (cmd.mistake) {
      case 'add-and-throw': // the mistake seen in the wild: the log says 3, the next executor saw 6
        this.total += cmd.n;
        throw new TooMuch();
      case 'add-and-return':
        this.total += cmd.n;
        return new Added(cmd.counterId, cmd.n);
      case 'push':
        this.lines.push({ n: cmd.n });
        return new Added(cmd.counterId, cmd.n);
      case 'nested':
        this.address.city = 'Lyon';
        return [];
      case 'in-array':
        this.lines[0]!.n = 99;
        return new Added(cmd.counterId, cmd.n);
      case 'map':
        this.counts.set('tea', 2);
        return new Added(cmd.counterId, cmd.n);
      case 'date':
        this.since.setUTCFullYear(1999);
        return new Added(cmd.counterId, cmd.n);
      case 'new-property':
        this.note = 'x';
        return new Added(cmd.counterId, cmd.n);
      case 'after-await':
        await Promise.resolve();
        this.total = -1;
        return new Added(cmd.counterId, cmd.n);
      default:
        if (this.total + cmd.n > 100) throw new TooMuch();
        return new Added(cmd.counterId, cmd.n);
    }
  }

  @Applies(Added) onAdded(e: Added) {
    this.total += e.n;
    this.lines.push({ n: e.n });
  }
}

@Command('mut.Tally')
class Tally {
  @AggregateId() @IsString() tallyId!: string;
  @IsInt() n!: number;
}

@Event('mut.Tallied')
class Tallied {
  constructor(
    readonly tallyId: string,
    readonly n: number,
  ) {}
}

/** Plain state, snapshotted every 2 events. */
@Aggregate('tally', { snapshotEvery: 2 })
class TallyCounter {
  total = 0;
  @Executes(Tally) tally(cmd: Tally) {
    seen.push(this.total);
    if (cmd.n > 5) {
      this.total += cmd.n;
      throw new TooMuch();
    }
    return new Tallied(cmd.tallyId, cmd.n);
  }
  @Applies(Tallied) onTallied(e: Tallied) {
    this.total += e.n;
  }
}

const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

let store: InMemoryEventStore;
let edict: Edict;
async function start(options: Partial<EdictOptions> = {}) {
  store = new InMemoryEventStore();
  edict = await Edict.create({ store, aggregates: [Counter, TallyCounter], logger: quietLogger(), ...options });
}
beforeEach(() => {
  seen.length = 0;
});
afterEach(() => edict.stop());

/** The total the stream holds: the fold of its events. */
async function folded(id: string): Promise<number> {
  const events = await store.readStream(`counter-${id}`, 1, 1000);
  return events.reduce((sum, e) => sum + (e.data.n as number), 0);
}

describe('an executor that mutates state is refused, and its change never reaches the next command', () => {
  beforeEach(() => start());

  it('when it throws after mutating: the next command sees the fold, not the mutated total', async () => {
    await edict.dispatch(Add, { counterId: 'a', n: 3 });
    const error = await rejection(edict.dispatch(Add, { counterId: 'a', n: 3, mistake: 'add-and-throw' }));
    expect(error).toBeInstanceOf(ExecutorMutationError);
    expect(error).toMatchObject({
      code: 'EXECUTOR_MUTATION',
      aggregate: 'counter',
      method: 'add',
      commandType: 'mut.Add',
      property: 'total',
    });
    expect((error as Error).cause).toBeInstanceOf(TooMuch); // what the executor threw
    await edict.dispatch(Add, { counterId: 'a', n: 5 });
    expect(seen).toEqual([0, 3, 3]); // never 6, never 11
    expect(await folded('a')).toBe(8);
    expect((await edict.load(Counter, 'a')).total).toBe(8);
  });

  it('when it returns events after mutating: nothing is appended', async () => {
    await edict.dispatch(Add, { counterId: 'b', n: 3 });
    const error = await rejection(edict.dispatch(Add, { counterId: 'b', n: 4, mistake: 'add-and-return' }));
    expect(error).toMatchObject({ code: 'EXECUTOR_MUTATION', property: 'total' });
    expect(await store.streamVersion('counter-b')).toBe(1);
    await edict.dispatch(Add, { counterId: 'b', n: 1 });
    expect(seen).toEqual([0, 3, 3]);
    expect(await folded('b')).toBe(4);
  });

  it.each([
    ['push', 'lines'],
    ['in-array', 'lines[0].n'],
    ['nested', 'address.city'],
    ['map', 'counts.get("tea")'],
    ['date', 'since'],
    ['new-property', 'note'],
    ['after-await', 'total'],
  ])('names the property a %s mutation changed', async (mistake, property) => {
    await edict.dispatch(Add, { counterId: mistake, n: 1 });
    const error = await rejection(edict.dispatch(Add, { counterId: mistake, n: 1, mistake }));
    expect(error).toBeInstanceOf(ExecutorMutationError);
    expect(error).toMatchObject({ property });
    expect(await store.streamVersion(`counter-${mistake}`)).toBe(1);
    // The next command, from the cache or not, sees exactly the stream's state.
    await edict.dispatch(Add, { counterId: mistake, n: 1 });
    const state = await edict.load(Counter, mistake);
    expect(state).toMatchObject({ total: 2, lines: [{ n: 1 }, { n: 1 }], address: { city: 'Paris' } });
    expect(seen.at(-1)).toBe(1);
  });

  it('holds across snapshots: a state loaded from one is checked the same way', async () => {
    for (let i = 0; i < 4; i++) await edict.dispatch(Tally, { tallyId: 's', n: 1 });
    expect(await store.loadSnapshot('tally-s')).toMatchObject({ version: 4 });
    await edict.stop();
    edict = await Edict.create({ store, aggregates: [Counter, TallyCounter], logger: quietLogger() });
    const error = await rejection(edict.dispatch(Tally, { tallyId: 's', n: 10 }));
    expect(error).toMatchObject({ code: 'EXECUTOR_MUTATION', aggregate: 'tally', property: 'total' });
    await edict.dispatch(Tally, { tallyId: 's', n: 1 });
    expect(seen.slice(-2)).toEqual([4, 4]);
    expect((await edict.load(TallyCounter, 's')).total).toBe(5);
  });

  it('lets a well-behaved executor refuse a command and keeps its cached state', async () => {
    await edict.dispatch(Add, { counterId: 'c', n: 90 });
    expect(await rejection(edict.dispatch(Add, { counterId: 'c', n: 20 }))).toBeInstanceOf(TooMuch);
    await edict.dispatch(Add, { counterId: 'c', n: 10 });
    expect(seen).toEqual([0, 90, 90]);
  });
});

describe('with checkMutations: false', () => {
  beforeEach(() => start({ checkMutations: false }));

  it('raises no mutation error, but a state an executor changed before throwing is still not reused', async () => {
    await edict.dispatch(Add, { counterId: 'o', n: 3 });
    expect(await rejection(edict.dispatch(Add, { counterId: 'o', n: 3, mistake: 'add-and-throw' }))).toBeInstanceOf(
      TooMuch,
    );
    await edict.dispatch(Add, { counterId: 'o', n: 5 });
    expect(seen).toEqual([0, 3, 3]);
    expect(await folded('o')).toBe(8);
  });

  it('is checked as a boolean', async () => {
    await expect(
      Edict.create({ store, aggregates: [Counter], checkMutations: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', option: 'checkMutations' });
  });
});

describe('the testing fixture always checks', () => {
  it('refuses a mutating executor, whichever way it ends', async () => {
    const counter = testAggregate(Counter).given(new Added('f', 3));
    await counter
      .when(Add, { counterId: 'f', n: 1, mistake: 'add-and-throw' })
      .thenThrows(ExecutorMutationError, { property: 'total', method: 'add' });
    await counter.when(Add, { counterId: 'f', n: 1, mistake: 'push' }).thenThrows(ExecutorMutationError, {
      property: 'lines',
    });
    await counter.when(Add, { counterId: 'f', n: 1 }).then(new Added('f', 1));
  });
});
