import type { AppendRequest } from '@edict/core/spi';
import { newEvent } from '@edict/core/testing';
import { batchParameters } from '../../src/append/batch-parameters';

const request = (streamId: string, events: number, extra: Partial<AppendRequest> = {}): AppendRequest => ({
  streamId,
  expectedVersion: 'any',
  events: Array.from({ length: events }, (_, i) => newEvent('test.Happened', { n: i, stream: streamId })),
  ...extra,
});

describe('the parameters of a group commit', () => {
  it('orders the requests by stream id, so that concurrent batches lock streams in one order', () => {
    const requests = [request('c', 1), request('a', 1), request('b', 1), request('a', 1)];
    const { order, values } = batchParameters(requests);
    expect(order).toEqual([1, 3, 2, 0]); // equal streams keep their arrival order
    expect(values[0]).toEqual(['a', 'a', 'b', 'c']);
  });

  it('puts each request in one element and its events one after another, aligned', () => {
    const requests = [
      request('s-2', 2, { expectedVersion: 5, commandId: 'cmd', commandFingerprint: 'fp' }),
      request('s-1', 1, { expectedVersion: 'no-stream' }),
      request('s-3', 0, { expectedVersion: 'any' }),
    ];
    const { values } = batchParameters(requests);
    const [streams, expected, commands, counts, ids, types, versions, data, metadata, fingerprints] = values;
    expect(streams).toEqual(['s-1', 's-2', 's-3']);
    expect(expected).toEqual([0, 5, -1]);
    expect(commands).toEqual([null, 'cmd', null]);
    expect(counts).toEqual([1, 2, 0]);
    expect(fingerprints).toEqual([null, 'fp', null]);
    const events = [...requests[1]!.events, ...requests[0]!.events];
    expect(ids).toEqual(events.map((e) => e.eventId));
    expect(types).toEqual(events.map((e) => e.type));
    expect(versions).toEqual(events.map((e) => e.schemaVersion));
    expect(JSON.parse(data as string)).toEqual(events.map((e) => e.data));
    expect(JSON.parse(metadata as string)).toEqual(events.map((e) => e.metadata));
  });

  it('encodes data that needs escaping as valid JSON', () => {
    const tricky = { ...request('s', 1), events: [{ ...newEvent('t', { text: '"],[{"x":1}' }) }] };
    const { values } = batchParameters([tricky]);
    expect(JSON.parse(values[7] as string)).toEqual([{ text: '"],[{"x":1}' }]);
  });
});
