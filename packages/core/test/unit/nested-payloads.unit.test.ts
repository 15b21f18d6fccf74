import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsInt, IsPositive, IsString, Length, ValidateNested } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandValidationError,
  Edict,
  Event,
  Executes,
  InMemoryEventStore,
  type FieldError,
} from '@edict/core';
import { testAggregate } from '@edict/core/testing';
import { quietLogger } from '@edict/test-support';

class Address {
  @IsString() @Length(1, 80) street!: string;
  @IsString() @Length(1, 40) city!: string;
  label(): string {
    return `${this.street}, ${this.city}`;
  }
}

class OrderLine {
  @IsString() sku!: string;
  @IsInt() @IsPositive() quantity!: number;
  @IsInt() @IsPositive() unitPrice!: number;
  total(): number {
    return this.quantity * this.unitPrice;
  }
}

@Event('shop.OrderPlaced')
class OrderPlaced {
  constructor(
    readonly orderId: string,
    readonly shipTo: string,
    readonly total: number,
  ) {}
}

@Command('shop.PlaceOrder')
class PlaceOrder {
  @AggregateId() @IsString() orderId!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
  @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => OrderLine) lines!: OrderLine[];
  describe(): string {
    return `order ${this.orderId}`;
  }
}

/** What the executor was given, to look at the instances it received. */
const received: PlaceOrder[] = [];

@Aggregate('order')
class Order {
  placed = false;
  @Executes(PlaceOrder) place(cmd: PlaceOrder) {
    received.push(cmd);
    // Methods of the value objects work: they are instances of their classes.
    const total = cmd.lines.reduce((sum, line) => sum + line.total(), 0);
    return new OrderPlaced(cmd.orderId, cmd.address.label(), total);
  }
  @Applies(OrderPlaced) onPlaced() {
    this.placed = true;
  }
}

const valid = () => ({
  orderId: 'o1',
  address: { street: '1 Main St', city: 'Springfield' },
  lines: [
    { sku: 'tea', quantity: 2, unitPrice: 350 },
    { sku: 'mug', quantity: 1, unitPrice: 900 },
  ],
});

const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

/** Every field error, nested ones included, by path. */
function byPath(errors: readonly FieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (list: readonly FieldError[]) => {
    for (const e of list) {
      if (Object.keys(e.constraints).length > 0) out[e.path!] = Object.keys(e.constraints);
      walk(e.children);
    }
  };
  walk(errors);
  return out;
}

let store: InMemoryEventStore;
let edict: Edict;
beforeEach(async () => {
  received.length = 0;
  store = new InMemoryEventStore();
  edict = await Edict.create({ store, aggregates: [Order], logger: quietLogger() });
});
afterEach(() => edict.stop());

async function refused(payload: unknown): Promise<Record<string, string[]>> {
  const error = await rejection(edict.dispatch('shop.PlaceOrder', payload as object));
  expect(error).toBeInstanceOf(CommandValidationError);
  expect(received).toEqual([]);
  expect(await store.headPosition()).toBe(0);
  return byPath((error as CommandValidationError).fieldErrors);
}

describe('nested command payloads become instances of their @Type classes', () => {
  it('builds value objects and arrays of them, so executors can call their methods', async () => {
    const result = await edict.dispatch(PlaceOrder, valid());
    const [cmd] = received;
    expect(cmd).toBeInstanceOf(PlaceOrder);
    expect(cmd!.address).toBeInstanceOf(Address);
    expect(cmd!.lines.map((l) => l instanceof OrderLine)).toEqual([true, true]);
    expect(cmd!.describe()).toBe('order o1');
    expect(result.events[0]!.data).toEqual({ orderId: 'o1', shipTo: '1 Main St, Springfield', total: 1600 });
  });

  it('leaves the caller’s payload untouched', async () => {
    const payload = valid();
    const copy = structuredClone(payload);
    await edict.dispatch(PlaceOrder, payload);
    expect(payload).toStrictEqual(copy);
  });

  it('reports invalid nested fields with their paths', async () => {
    const payload = valid();
    payload.lines[1]!.quantity = 0;
    payload.address.city = '';
    expect(await refused(payload)).toEqual({
      'address.city': ['isLength'],
      'lines[1].quantity': ['isPositive'],
    });
  });

  it('converts nothing implicitly: a quantity given as a string fails @IsInt', async () => {
    const payload = valid() as unknown as { lines: { quantity: unknown }[] };
    payload.lines[0]!.quantity = '2';
    expect(await refused(payload)).toEqual({ 'lines[0].quantity': expect.arrayContaining(['isInt']) as string[] });
  });

  it('applies the whitelist at every level: unknown nested properties are refused', async () => {
    const payload = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    (payload.address as unknown as Record<string, unknown>).isAdmin = true;
    (payload.lines[0] as unknown as Record<string, unknown>).discount = 100;
    expect(await refused(payload)).toEqual({
      'address.isAdmin': ['whitelistValidation'],
      'lines[0].discount': ['whitelistValidation'],
    });
  });

  it('refuses keys that reach Object.prototype at every level, before anything builds the command', async () => {
    const hostile = JSON.parse(
      '{"orderId":"o1","address":{"street":"s","city":"c","__proto__":{"isAdmin":true}},' +
        '"lines":[{"sku":"a","quantity":1,"unitPrice":1,"constructor":{"name":"x"}}],"toString":"x"}',
    ) as object;
    expect(await refused(hostile)).toEqual({
      'address.__proto__': ['whitelistValidation'],
      'lines[0].constructor': ['whitelistValidation'],
      toString: ['whitelistValidation'],
    });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a key naming a method of the command rather than dropping it', async () => {
    expect(await refused({ ...valid(), describe: 'not a method' })).toEqual({ describe: ['whitelistValidation'] });
  });

  it('refuses a cyclic payload as a field error, not a stack overflow', async () => {
    const payload = valid() as unknown as { address: Record<string, unknown> };
    payload.address.self = payload.address;
    expect(await refused(payload)).toEqual({ 'address.self': ['isAcyclic'] });
  });

  it('builds the same instances in the testing fixture', async () => {
    await testAggregate(Order)
      .when(PlaceOrder, valid())
      .then(new OrderPlaced('o1', '1 Main St, Springfield', 1600));
    const payload = valid();
    payload.lines[0]!.sku = 7 as unknown as string;
    await testAggregate(Order)
      .when(PlaceOrder, payload)
      .thenThrows(CommandValidationError, (error) => {
        expect(byPath(error.fieldErrors)).toEqual({ 'lines[0].sku': ['isString'] });
      });
  });
});
