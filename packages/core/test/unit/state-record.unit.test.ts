import { changedPath, recordState } from '../../src/dispatch/state-record';

describe('the record of a state tells what an executor changed', () => {
  it('finds no change in an untouched state, shared references and cycles included', () => {
    const shared = { n: 1 };
    const state: Record<string, unknown> = { a: shared, b: shared, list: [shared], tags: new Set(['x']) };
    state.self = state;
    const recorded = recordState(state);
    expect(changedPath(state, recorded)).toBeUndefined();
  });

  it.each<[string, (s: Record<string, unknown> & { deep: { list: { v: number }[] } }) => void, string]>([
    ['a replaced scalar', (s) => (s.n = 2), 'n'],
    ['a deep array element', (s) => (s.deep.list[1]!.v = 0), 'deep.list[1].v'],
    ['an array grown', (s) => s.deep.list.push({ v: 3 }), 'deep.list'],
    ['a removed property', (s) => delete s.n, 'n'],
    ['a value that changed kind', (s) => (s.n = { n: 1 }), 'n'],
    ['a Set grown', (s) => (s.tags as Set<string>).add('y'), 'tags'],
    ['the same value of another class', (s) => (s.deep = Object.assign(Object.create(null) as object, s.deep)), 'deep'],
    ['-0 for 0', (s) => (s.zero = -0), 'zero'],
  ])('names %s', (_what, change, path) => {
    const state = { n: 1, zero: 0, deep: { list: [{ v: 1 }, { v: 2 }] }, tags: new Set(['x']) } as Record<
      string,
      unknown
    > & { deep: { list: { v: number }[] } };
    const recorded = recordState(state);
    change(state);
    expect(changedPath(state, recorded)).toBe(path);
  });
});
