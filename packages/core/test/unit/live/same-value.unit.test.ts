import { sameValue } from '../../../src/live/same-value';

class Row {
  constructor(
    readonly id: string,
    readonly balance: number,
  ) {}
}

describe('sameValue, how a live query tells a changed result', () => {
  it('compares structures, not identities', () => {
    expect(sameValue([new Row('a', 1)], [new Row('a', 1)])).toBe(true);
    expect(sameValue({ at: new Date(5), n: [1, 2] }, { at: new Date(5), n: [1, 2] })).toBe(true);
    expect(sameValue(new Map([['a', { x: 1 }]]), new Map([['a', { x: 1 }]]))).toBe(true);
    expect(sameValue(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(sameValue(NaN, NaN)).toBe(true);
    expect(sameValue(null, null)).toBe(true);
  });

  it('tells apart what differs', () => {
    expect(sameValue([new Row('a', 1)], [new Row('a', 2)])).toBe(false);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(new Row('a', 1), { id: 'a', balance: 1 })).toBe(false); // another prototype
    expect(sameValue(new Date(1), new Date(2))).toBe(false);
    expect(sameValue(new Map([['a', 1]]), new Map([['b', 1]]))).toBe(false);
    expect(sameValue(new Set([1]), new Set([2]))).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });
});
