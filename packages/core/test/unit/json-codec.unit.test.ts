import { SerializationError, type JsonValue } from '@edict/core';
import { decodeJson, encodeJson } from '@edict/core/spi';

/** What a store does between append and read: the payload only survives as JSON text. */
const throughStore = (value: unknown, maxSize?: number): unknown =>
  decodeJson(JSON.parse(JSON.stringify(encodeJson(value, 'test.Payload', maxSize))) as JsonValue);

/** The error `encodeJson` throws for `value`; fails the test when it throws nothing. */
function encodeError(value: unknown, maxSize?: number): SerializationError {
  try {
    encodeJson(value, 'test.Payload', maxSize);
  } catch (error) {
    expect(error).toBeInstanceOf(SerializationError);
    return error as SerializationError;
  }
  throw new Error('expected encodeJson to throw a SerializationError');
}

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('encodeJson / decodeJson round trip', () => {
  it('reads back strings equal, unicode and emoji included', () => {
    const payload = {
      empty: '',
      accents: 'Zoë, façade, naïve',
      scripts: '日本語 · русский · العربية · עברית',
      emoji: '👩‍👩‍👧‍👦 🇫🇷 💸',
      combining: 'e\u0301',
      escapes: 'quote " backslash \\ newline \n tab \t',
    };
    expect(throughStore(payload)).toStrictEqual(payload);
  });

  it('reads back finite numbers, booleans and null equal', () => {
    const payload = {
      zero: 0,
      int: 42,
      negative: -17.25,
      maxSafe: Number.MAX_SAFE_INTEGER,
      minSafe: Number.MIN_SAFE_INTEGER,
      huge: 1.7976931348623157e308,
      tiny: 5e-324,
      yes: true,
      no: false,
      nothing: null,
    };
    expect(throughStore(payload)).toStrictEqual(payload);
  });

  it('reads back nested arrays and objects equal', () => {
    const payload = {
      list: [1, 'two', [3, [4, [5]]], { six: 6 }, null, true],
      deep: { a: { b: { c: { d: ['e', { f: [] }] } } } },
      emptyObject: {},
      emptyArray: [],
    };
    expect(throughStore(payload)).toStrictEqual(payload);
  });

  it('reads back Dates as equal Dates, at the top, in arrays and in objects', () => {
    const payload = {
      at: new Date('2024-02-29T23:59:59.999Z'),
      history: [new Date(0), { when: new Date('1969-07-20T20:17:40Z') }, [new Date(-1)]],
      window: { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2099-12-31T23:59:59.123Z') },
      extremes: [new Date(8.64e15), new Date(-8.64e15)],
    };
    const back = throughStore(payload) as typeof payload;
    expect(back).toStrictEqual(payload);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.history[0]).toBeInstanceOf(Date);
  });

  it('keeps an object that holds $date among other keys an object', () => {
    const payload = { tagged: { $date: '2024-01-01T00:00:00.000Z', note: 'not a date' } };
    expect(throughStore(payload)).toStrictEqual(payload);
  });

  it('does not mistake a value shared by two properties for a cycle', () => {
    const shared = { n: 1 };
    const payload = { left: shared, right: shared, both: [shared, shared] };
    expect(throughStore(payload)).toStrictEqual({ left: { n: 1 }, right: { n: 1 }, both: [{ n: 1 }, { n: 1 }] });
  });

  it('encodes the own fields of a class instance at the top (an event) as a plain object', () => {
    class Opened {
      constructor(
        readonly id: string,
        readonly at: Date,
      ) {}
    }
    const encoded = encodeJson(new Opened('a-1', new Date('2024-01-01T00:00:00Z')), 'test.Opened');
    expect(encoded).toStrictEqual({ id: 'a-1', at: { $date: '2024-01-01T00:00:00.000Z' } });
  });

  it('leaves out properties that hold undefined', () => {
    const encoded = encodeJson({ kept: 1, dropped: undefined, inner: { gone: undefined, here: 'x' } }, 'test.Payload');
    expect(encoded).toStrictEqual({ kept: 1, inner: { here: 'x' } });
    expect(Object.keys(encoded)).not.toContain('dropped');
  });

  it('does not mutate the payload it encodes', () => {
    const payload = { at: new Date(5), list: [1, { x: undefined }], text: 'a' };
    const copy = { at: new Date(5), list: [1, { x: undefined }], text: 'a' };
    encodeJson(payload, 'test.Payload');
    expect(payload).toStrictEqual(copy);
  });
});

describe('encodeJson refuses what cannot be stored, naming the message type and the path', () => {
  it.each<[string, () => unknown, string]>([
    ['a function', () => ({ callback: () => 1 }), '.callback'],
    ['a symbol', () => ({ marker: Symbol('m') }), '.marker'],
    ['a bigint', () => ({ amount: 10n }), '.amount'],
    ['NaN', () => ({ ratio: NaN }), '.ratio'],
    ['Infinity', () => ({ limit: Infinity }), '.limit'],
    ['-Infinity', () => ({ floor: { value: -Infinity } }), '.floor.value'],
    ['an invalid Date', () => ({ at: new Date('not a date') }), '.at'],
    ['undefined inside an array', () => ({ list: [1, undefined, 3] }), '.list[1]'],
    ['a hole in a sparse array', () => ({ list: [1, , 3] }), '.list[1]'], // eslint-disable-line no-sparse-arrays
    ['a nested Map', () => ({ inner: { lookup: new Map([['k', 1]]) } }), '.inner.lookup'],
    ['a nested Set', () => ({ tags: [new Set(['a'])] }), '.tags[0]'],
    [
      'a nested class instance',
      () => {
        class Money {
          constructor(readonly cents: number) {}
        }
        return { price: new Money(100) };
      },
      '.price',
    ],
    ['a function deep in arrays and objects', () => ({ a: [{ b: [0, { c: () => 0 }] }] }), '.a[0].b[1].c'],
  ])('refuses %s', (_what, make, path) => {
    const error = encodeError(make());
    expect(error).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload', path });
  });

  it('refuses a circular reference through an object', () => {
    const payload: Record<string, unknown> = { name: 'loop' };
    payload.self = payload;
    expect(encodeError(payload)).toMatchObject({ messageType: 'test.Payload', path: '.self' });
  });

  it('refuses a circular reference through an array', () => {
    const list: unknown[] = [1];
    list.push({ back: list });
    expect(encodeError({ list })).toMatchObject({ messageType: 'test.Payload', path: '.list[1].back' });
  });

  it('accepts 64 levels of nesting and refuses 65', () => {
    expect(throughStore(nested(64))).toStrictEqual(nested(64));
    const error = encodeError(nested(65));
    expect(error).toMatchObject({ messageType: 'test.Payload', path: '.a'.repeat(65) });
  });

  it('refuses arrays nested deeper than 64 levels', () => {
    let list: unknown = [];
    for (let i = 0; i < 100; i++) list = [list];
    expect(encodeError({ list })).toMatchObject({ messageType: 'test.Payload' });
  });

  it('refuses a payload larger than the size limit, and accepts one within it', () => {
    expect(encodeJson({ text: 'x'.repeat(40) }, 'test.Payload', 100)).toStrictEqual({ text: 'x'.repeat(40) });
    const error = encodeError({ text: 'x'.repeat(200) }, 100);
    expect(error).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload', path: '.text' });
  });

  it('refuses a payload over the size limit made of many small strings', () => {
    const list = Array.from({ length: 100 }, (_, i) => `item-${i}`);
    expect(encodeError({ list }, 200)).toMatchObject({ messageType: 'test.Payload' });
  });

  // The limit guards the store against huge rows: it must count what the JSON text will hold.
  it.each<[string, () => unknown]>([
    ['nulls', () => Array.from({ length: 10_000 }, () => null)],
    ['empty objects', () => Array.from({ length: 10_000 }, () => ({}))],
    ['empty arrays', () => Array.from({ length: 10_000 }, () => [])],
    ['dates', () => Array.from({ length: 1_000 }, () => new Date(0))],
  ])('refuses a payload whose JSON is far over the size limit when it is made of %s', (_what, make) => {
    const payload = { list: make() };
    expect(JSON.stringify(encodeJsonUnbounded(payload)).length).toBeGreaterThan(20_000);
    expect(encodeError(payload, 1_000)).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload' });
  });

  it('refuses an own __proto__ key', () => {
    const hostile: unknown = JSON.parse('{"__proto__": {"x": 1}}');
    const top = encodeError(hostile);
    expect(top).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload' });
    expect(['', '.__proto__']).toContain(top.path);
    const inner = encodeError({ inner: hostile });
    expect(['.inner', '.inner.__proto__']).toContain(inner.path);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses an object whose only key is $date (it would read back as a Date)', () => {
    const error = encodeError({ when: { $date: '2024-01-01T00:00:00.000Z' } });
    expect(error).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload', path: '.when' });
  });

  it.each<[string, unknown]>([
    ['a string', 'text'],
    ['a number', 1],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1, 2]],
  ])('refuses %s as the payload itself', (_what, value) => {
    expect(encodeError(value)).toMatchObject({ code: 'SERIALIZATION', messageType: 'test.Payload', path: '' });
  });
});

describe('decodeJson of hostile stored data', () => {
  afterEach(() => {
    // A failure of the tests below must not poison the tests that run after them.
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('keeps an own __proto__ key as data and changes no prototype', () => {
    const stored = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonValue;
    const decoded = decodeJson(stored) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(decoded, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(decoded.polluted).toBeUndefined();
    expect(decoded.a).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('changes no prototype for __proto__ keys nested in objects and arrays', () => {
    const stored = JSON.parse(
      '{"inner": {"__proto__": {"polluted": 1}}, "list": [{"__proto__": {"polluted": 2}}]}',
    ) as JsonValue;
    const decoded = decodeJson(stored) as { inner: object; list: object[] };
    expect(Object.getPrototypeOf(decoded.inner)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(decoded.list[0])).toBe(Object.prototype);
    expect((decoded.inner as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** The JSON a payload becomes when no size limit applies. */
function encodeJsonUnbounded(value: unknown) {
  return encodeJson(value, 'test.Payload', Number.MAX_SAFE_INTEGER);
}
