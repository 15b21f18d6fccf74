import type { AppendRequest, AppendResult } from '@edict/core/spi';
import { newEvent } from '@edict/core/testing';
import { AppendBatcher } from '../../src/append/append-batcher';

interface Call {
  readonly requests: readonly AppendRequest[];
  readonly settle: (error?: Error) => void;
}

const result = (r: AppendRequest): AppendResult => ({ streamId: r.streamId, version: 1, events: [] });
const request = (streamId: string, commandId?: string): AppendRequest => ({
  streamId,
  events: [newEvent()],
  expectedVersion: 'any',
  ...(commandId !== undefined ? { commandId } : {}),
});
/** Lets settled transactions finish, then the batcher's deferred pump (a setImmediate) run. */
const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** A batcher whose transactions stay in flight until the test settles them. */
function harness(maxInFlight = 2) {
  const calls: Call[] = [];
  const record = (requests: readonly AppendRequest[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ requests, settle: (error) => (error ? reject(error) : resolve()) });
    });
  const batcher = new AppendBatcher(
    async (r) => {
      await record([r]);
      return result(r);
    },
    async (rs) => {
      await record(rs);
      return rs.map(result);
    },
    256,
    maxInFlight,
  );
  const streamsOf = (i: number) => calls[i]!.requests.map((r) => r.streamId);
  return { batcher, calls, streamsOf };
}

describe('AppendBatcher', () => {
  it('sends an append at once when idle, and gathers those that arrive while the transactions are busy', async () => {
    const { batcher, calls, streamsOf } = harness(2);
    const done = [batcher.append(request('a')), batcher.append(request('b'))];
    expect(calls.map((_, i) => streamsOf(i))).toEqual([['a'], ['b']]); // two in flight at once
    done.push(batcher.append(request('c')), batcher.append(request('d')));
    expect(calls).toHaveLength(2);
    calls[0]!.settle();
    await turn();
    expect(streamsOf(2)).toEqual(['c', 'd']);
    calls[1]!.settle();
    calls[2]!.settle();
    await Promise.all(done);
  });

  it('never has one stream or one command id in two transactions at once, and keeps arrival order', async () => {
    const { batcher, calls, streamsOf } = harness(3);
    const done = [
      batcher.append(request('s', 'k1')),
      batcher.append(request('s')), // same stream: waits
      batcher.append(request('t', 'k1')), // same command id: waits
      batcher.append(request('t')), // its stream is held by the waiting one before it: waits too
      batcher.append(request('u')),
    ];
    expect(streamsOf(0)).toEqual(['s']);
    await turn();
    expect(calls.map((_, i) => streamsOf(i))).toEqual([['s'], ['u']]);
    calls[0]!.settle();
    await turn();
    expect(streamsOf(2)).toEqual(['s', 't', 't']);
    calls[1]!.settle();
    calls[2]!.settle();
    await Promise.all(done);
  });

  it('waits, after a transaction settles, for the appends its callers send next', async () => {
    const { batcher, calls, streamsOf } = harness(1);
    const first = batcher.append(request('a'));
    const straggler = batcher.append(request('b'));
    // The caller of 'a' appends again as soon as its append settles.
    const next = first.then(() => batcher.append(request('c')));
    calls[0]!.settle();
    await first;
    await turn();
    expect(streamsOf(1)).toEqual(['b', 'c']); // not 'b' alone, then 'c' a commit later
    calls[1]!.settle();
    await Promise.all([straggler, next]);
  });

  it('sends the next append at once after a lone one settles, without waiting a turn of the event loop', async () => {
    const { batcher, calls } = harness(2);
    const first = batcher.append(request('a'));
    calls[0]!.settle();
    await first;
    // A sequential caller's next steps take microtasks, never a turn of the event loop.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const next = batcher.append(request('b'));
    expect(calls).toHaveLength(2); // sent, not held for callers that do not exist
    calls[1]!.settle();
    await next;
  });

  it('retries the requests one by one when the database refuses their transaction as a whole', async () => {
    const { batcher, calls, streamsOf } = harness(1);
    const outcomes = Promise.allSettled([
      batcher.append(request('a')),
      batcher.append(request('b')),
      batcher.append(request('c')),
    ]);
    calls[0]!.settle();
    await turn();
    expect(streamsOf(1)).toEqual(['b', 'c']);
    calls[1]!.settle(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    await turn();
    expect(streamsOf(2)).toEqual(['b']);
    calls[2]!.settle(new Error('refused'));
    await turn();
    expect(streamsOf(3)).toEqual(['c']);
    calls[3]!.settle();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
