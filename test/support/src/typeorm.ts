'use strict';
/**
 * The projection that the child-process scripts of these tests run: credits and debits folded
 * into a `balances` table of `schema` with read-modify-write updates (not idempotent, so an
 * event applied twice would show). Plain CommonJS on the built packages, decorators applied as
 * functions, the entity defined with an EntitySchema.
 *
 * `prefix` names the event types (`<prefix>.Credited`, `<prefix>.Debited`); `name` is the
 * projection's handler name.
 */
const { EntitySchema } = require('typeorm');
const { Event, On } = require('@edict/core');
const { Projection } = require('@edict/typeorm');

function balancesProjection({ schema, prefix, name }) {
  class Credited {
    constructor(ledgerId, amount) {
      this.ledgerId = ledgerId;
      this.amount = amount;
    }
  }
  Event(`${prefix}.Credited`)(Credited);

  class Debited {
    constructor(ledgerId, amount) {
      this.ledgerId = ledgerId;
      this.amount = amount;
    }
  }
  Event(`${prefix}.Debited`)(Debited);

  const Balance = new EntitySchema({
    name: 'Balance',
    tableName: 'balances',
    schema,
    columns: {
      ledgerId: { type: 'text', primary: true },
      balance: { type: 'integer' },
      events: { type: 'integer' },
    },
  });

  async function add(manager, ledgerId, delta) {
    const repository = manager.getRepository(Balance);
    const row = (await repository.findOneBy({ ledgerId })) || { ledgerId, balance: 0, events: 0 };
    row.balance += delta;
    row.events += 1;
    await repository.save(row);
  }

  class Balances {
    async credited(e, _ctx, manager) {
      await add(manager, e.ledgerId, e.amount);
    }
    async debited(e, _ctx, manager) {
      await add(manager, e.ledgerId, -e.amount);
    }
  }
  for (const [event, method] of [
    [Credited, 'credited'],
    [Debited, 'debited'],
  ]) {
    On(event)(Balances.prototype, method, Object.getOwnPropertyDescriptor(Balances.prototype, method));
  }
  Projection(name, { startFrom: 'origin' })(Balances);

  return { Credited, Debited, Balance, Balances };
}

module.exports = { balancesProjection };
