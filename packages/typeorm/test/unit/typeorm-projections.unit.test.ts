import { DataSource, type EntityManager } from 'typeorm';
import {
  Event,
  InvalidOptionsError,
  isEdictError,
  MissingDecoratorError,
  On,
  type EventContext,
  type EventStore,
} from '@edict/core';
import { CheckpointTableMissingError, Projection, typeormProjections } from '@edict/typeorm';

@Event('unit.Happened')
class Happened {}

@Projection('unit.projection')
class Counted {
  @On(Happened) async happened(_e: Happened, _ctx: EventContext, _manager: EntityManager) {}
}

class Undecorated {
  @On(Happened) async happened() {}
}

/** Built, never connected. */
const dataSource = new DataSource({ type: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });

describe('typeormProjections', () => {
  it('returns a plugin listing the projections, classes and instances', () => {
    const instance = new Counted();
    const plugin = typeormProjections({ dataSource, projections: [Counted, instance] });
    expect(plugin.name).toBe('@edict/typeorm');
    expect(plugin.handlers).toEqual([Counted, instance]);
  });

  it('refuses unknown options, listing the valid ones', () => {
    const call = () => typeormProjections({ dataSource, projections: [], schemaName: 'x' } as never);
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow(
      expect.objectContaining({ option: 'schemaName', validOptions: expect.arrayContaining(['schema']) }),
    );
  });

  it('refuses a class without @Projection, naming it', () => {
    expect(() => typeormProjections({ dataSource, projections: [Undecorated] })).toThrow(
      expect.objectContaining({
        constructor: MissingDecoratorError,
        className: 'Undecorated',
        decorator: 'Projection',
      }),
    );
    expect(() => typeormProjections({ dataSource, projections: [new Undecorated()] })).toThrow(MissingDecoratorError);
  });

  it('refuses unknown @Projection options', () => {
    @Projection('unit.bad', { startsFrom: 'origin' } as never)
    class Bad {
      @On(Happened) async happened() {}
    }
    expect(() => typeormProjections({ dataSource, projections: [Bad] })).toThrow(
      expect.objectContaining({ constructor: InvalidOptionsError, option: 'startsFrom' }),
    );
  });

  it.each([
    ['dataSource', { dataSource: {}, projections: [] }],
    ['dataSource', { dataSource: { transaction() {}, options: { type: 'mysql' } }, projections: [] }],
    ['projections', { dataSource, projections: Counted }],
    ['schema', { dataSource, projections: [], schema: 'Edict; drop table x' }],
    ['schema', { dataSource, projections: [], schema: 'pg_catalog' }],
    ['schema', { dataSource, projections: [], schema: 'information_schema' }],
    ['checkpoint', { dataSource, projections: [], checkpoint: 'sometimes' }],
  ])('refuses a bad %s', (option, options) => {
    expect(() => typeormProjections(options as never)).toThrow(
      expect.objectContaining({ constructor: InvalidOptionsError, option }),
    );
  });

  it('accepts any DataSource type when the checkpoint stays in the store', () => {
    const other = { transaction() {}, options: { type: 'mysql' } } as unknown as DataSource;
    expect(() => typeormProjections({ dataSource: other, projections: [Counted], checkpoint: 'store' })).not.toThrow();
  });

  it('checks a schema taken from the store when the processor is built', () => {
    const plugin = typeormProjections({ dataSource, projections: [Counted] });
    const store = { schema: 'Not Valid' } as unknown as EventStore;
    const handler = { name: 'unit.projection', instance: new Counted(), on: new Map([['unit.Happened', 'happened']]) };
    expect(() => plugin.processor(handler, { store })).toThrow(InvalidOptionsError);
  });

  it('has a named error for a missing checkpoint table', () => {
    const error = new CheckpointTableMissingError('p', 'edict', new Error('relation does not exist'));
    expect(isEdictError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CHECKPOINT_TABLE_MISSING', handlerName: 'p', schema: 'edict' });
  });
});
